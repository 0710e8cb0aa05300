import { parseErrorBody } from '../schemas/envelope.ts';
import { isAuthCode } from './auth-codes.ts';
import { DeltaError, type DeltaErrorKind } from './delta-error.ts';
import { scrubContext } from './scrub.ts';

export interface FailedResponse {
  status: number;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
  method: string;
  path: string;
  /** Milliseconds until the rate-limit window resets (`X-RATE-LIMIT-RESET`), when sent. */
  rateLimitResetMs: number | undefined;
  /** Local epoch milliseconds when the response arrived. */
  now: number;
}

/** Default wait on a 429 that names no reset time. */
const defaultRetryAfterMs = 1000;

export function responseKind(status: number, method: string, code: string | undefined): DeltaErrorKind {
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403 || isAuthCode(code)) return 'auth';
  // 503 is Delta's maintenance answer, given before the request is processed.
  if (status === 503) return 'transient';
  const safeToRepeat = method === 'GET';
  if (status >= 500) return safeToRepeat ? 'transient' : 'unknown_outcome';
  if (status >= 400 || (status >= 200 && status < 300)) return 'rejected';
  return safeToRepeat ? 'transient' : 'unknown_outcome';
}

/** Turns a non-success HTTP answer into a DeltaError that says what to do next. */
export function classifyResponse(res: FailedResponse): DeltaError {
  const parsed = parseErrorBody(res.body);
  const code = parsed?.code;
  const kind = responseKind(res.status, res.method, code);
  const context =
    parsed?.context === undefined ? undefined : (scrubContext(parsed.context) as Record<string, unknown>);
  const base = { kind, code, context, status: res.status, method: res.method, path: res.path };
  const what = code ?? `HTTP ${res.status}`;
  if (kind === 'rate_limited') {
    const retryAfterMs = res.rateLimitResetMs ?? defaultRetryAfterMs;
    return new DeltaError({
      ...base,
      message: `Delta rate limit exceeded on ${res.method} ${res.path}; resets in ${retryAfterMs} ms`,
      retryAfterMs,
      resetAt: res.now + retryAfterMs,
    });
  }
  return new DeltaError({ ...base, message: `Delta ${kind} on ${res.method} ${res.path}: ${what}` });
}

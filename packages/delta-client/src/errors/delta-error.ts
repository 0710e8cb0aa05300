/**
 * What the caller should do about a failure:
 * - `rejected`: permanent business refusal (bad size, margin, unknown product); do not retry as is.
 * - `auth`: key, signature, IP whitelist or permission problem; retrying will not help.
 * - `rate_limited`: wait until `resetAt` / `retryAfterMs`, then retry.
 * - `unknown_outcome`: the request may have reached the exchange; look it up before any resend.
 * - `transient`: certainly not executed (or a safe read); retry with backoff.
 */
export type DeltaErrorKind = 'rejected' | 'auth' | 'rate_limited' | 'unknown_outcome' | 'transient';

export interface DeltaErrorInit {
  kind: DeltaErrorKind;
  message: string;
  /** Delta's error code (`insufficient_margin`, …) or a transport code (`ECONNREFUSED`, `timeout`). */
  code?: string | undefined;
  /** Delta's error context, with anything secret-looking removed. */
  context?: Record<string, unknown> | undefined;
  status?: number | undefined;
  method?: string | undefined;
  /** Request path without the query string. */
  path?: string | undefined;
  retryAfterMs?: number | undefined;
  /** Epoch milliseconds (local clock) when the rate-limit window resets. */
  resetAt?: number | undefined;
  /** Must already be sanitised (see `safeCause`): never the raw transport error. */
  cause?: Error | undefined;
}

/** The single error type the client throws. It carries no request headers, signature or secret. */
export class DeltaError extends Error {
  override readonly name = 'DeltaError';
  readonly kind: DeltaErrorKind;
  readonly code: string | undefined;
  readonly context: Record<string, unknown> | undefined;
  readonly status: number | undefined;
  readonly method: string | undefined;
  readonly path: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly resetAt: number | undefined;

  constructor(init: DeltaErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.code = init.code;
    this.context = init.context;
    this.status = init.status;
    this.method = init.method;
    this.path = init.path;
    this.retryAfterMs = init.retryAfterMs;
    this.resetAt = init.resetAt;
  }

  toJSON(): Record<string, unknown> {
    const cause =
      this.cause instanceof Error ? { name: this.cause.name, message: this.cause.message } : undefined;
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      code: this.code,
      status: this.status,
      method: this.method,
      path: this.path,
      context: this.context,
      retryAfterMs: this.retryAfterMs,
      resetAt: this.resetAt,
      cause,
    };
  }
}

export function isDeltaError(err: unknown, kind?: DeltaErrorKind): err is DeltaError {
  return err instanceof DeltaError && (kind === undefined || err.kind === kind);
}

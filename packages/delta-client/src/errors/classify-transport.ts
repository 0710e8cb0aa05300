import { DeltaError } from './delta-error.ts';
import { safeCause, transportCode } from './scrub.ts';

// Failures that happen before a single byte of the request leaves: the exchange never saw it.
const notSentCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
]);

export interface TransportFailure {
  error: unknown;
  method: string;
  path: string;
  /** True when our own per-request timeout fired. */
  timedOut: boolean;
  timeoutMs: number;
}

/**
 * A transport failure on a GET is always retryable. On anything else it is `unknown_outcome`
 * unless the failure proves the request never left (connection refused, DNS, TLS).
 */
export function classifyTransport(failure: TransportFailure): DeltaError {
  const code = failure.timedOut ? 'timeout' : (transportCode(failure.error) ?? 'transport_error');
  const notSent = !failure.timedOut && notSentCodes.has(code);
  const kind = notSent || failure.method === 'GET' ? 'transient' : 'unknown_outcome';
  const what = failure.timedOut ? `timed out after ${failure.timeoutMs} ms` : `failed (${code})`;
  return new DeltaError({
    kind,
    code,
    method: failure.method,
    path: failure.path,
    message: `Delta ${failure.method} ${failure.path} ${what}`,
    cause: safeCause(failure.error),
  });
}

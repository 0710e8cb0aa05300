import { DeltaError } from '../errors/delta-error.ts';

/**
 * A 2xx answer we cannot read. On a GET nothing changed on the exchange; on a write the
 * exchange did act, but we do not know how, so the caller must look the outcome up.
 */
export function invalidResponse(method: string, path: string, status: number, detail: string): DeltaError {
  return new DeltaError({
    kind: method === 'GET' ? 'transient' : 'unknown_outcome',
    code: 'invalid_response',
    status,
    method,
    path,
    message: `Delta ${method} ${path} returned an unreadable response: ${detail}`,
  });
}

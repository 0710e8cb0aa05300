import { DeltaError } from '../errors/delta-error.ts';

/**
 * Only a Delta error answer (an envelope with a code) proves absence: a bare 404 from a proxy,
 * a timeout or a 5xx proves nothing, and resending on those could double an order.
 */
export function isAuthoritativeNotFound(err: unknown): boolean {
  if (!(err instanceof DeltaError) || err.code === undefined || err.status === undefined) return false;
  if (err.status === 404) return true;
  return err.status === 400 && /not_?found/i.test(err.code);
}

import { isDeltaError } from '@copytrade/delta-client';
import { isBreakerOpen } from '@copytrade/runtime';
import { countsAsBrokerFailure } from '../broker/broker-breakers.ts';
import type { LegDeps } from '../handlers/leg-deps.ts';
import { BreakerOpenDelay, RateLimitPause } from './drain-signals.ts';

/** Rate limits and open circuits are waits, not failures; everything else goes to the queue's retry. */
export function asSignal(deps: Pick<LegDeps, 'breakers' | 'now'>, host: string, error: unknown): unknown {
  const now = (deps.now ?? Date.now)();
  if (isDeltaError(error, 'rate_limited')) {
    const resetMs = error.retryAfterMs ?? (error.resetAt === undefined ? 1_000 : error.resetAt - now);
    return new RateLimitPause(Math.max(1, resetMs));
  }
  if (isBreakerOpen(error)) return new BreakerOpenDelay(host, deps.breakers.refusingUntil(host) ?? now + 100);
  // A host failure that opened (or re-opened, after a failed trial) the circuit: wait, as jobs do
  // while it is open, instead of spending an attempt on every trial of a long outage.
  const openUntil = countsAsBrokerFailure(error) ? deps.breakers.refusingUntil(host) : null;
  if (openUntil !== null) return new BreakerOpenDelay(host, openUntil);
  return error;
}

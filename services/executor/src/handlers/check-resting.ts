import type { RestingCheckJob } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { asSignal } from '../errors/as-signal.ts';
import { holdOutbox } from '../outbox/drain-lock.ts';
import { restingOrders } from '../resting/resting-orders.ts';
import { cancelResting } from './cancel-resting.ts';
import type { DrainDeps } from './drain-deps.ts';

export type RestingCheckOutcome = 'settled' | 'gone';

/**
 * At a resting order's time limit: under the (follower, symbol) drain lock, so no drain moves the
 * book meanwhile, an order still recorded is cancelled (or found filled) and its remainder taken back.
 * `gone` when it was settled before (filled and seen, or cancelled ahead of a reduction).
 */
export async function checkResting(
  deps: DrainDeps,
  check: RestingCheckJob,
  logger: Logger,
): Promise<RestingCheckOutcome> {
  const { followerAccountId, symbol } = check;
  const lock = await holdOutbox(deps, followerAccountId, symbol, logger);
  try {
    const resting = await restingOrders(deps.redis, deps.scripts, deps.keys).get(
      followerAccountId,
      symbol,
      check.clientOrderId,
    );
    if (resting === null) return 'gone';
    const broker = await deps.brokerOf(followerAccountId);
    try {
      await cancelResting(deps, broker, resting, 'resting_timeout', logger);
    } catch (error) {
      throw asSignal(deps, broker.host, error);
    }
    return 'settled';
  } finally {
    await lock.release();
  }
}

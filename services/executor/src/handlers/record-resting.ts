import type { OrderLeg } from '@copytrade/contracts';
import { restingOrders } from '../resting/resting-orders.ts';
import type { DrainDeps } from './drain-deps.ts';
import type { LegResult } from './settle-leg.ts';

/** Exchange states of an order that may still trade. */
export const openStates: ReadonlySet<string> = new Set(['open', 'pending']);

/**
 * An accepted order still open on the exchange (a limit copy resting) is recorded before its head
 * is popped, and its check is scheduled at the leg's resting time limit: it never trades unseen.
 * A leg without a limit (planned before legs carried one) rests until the next reduction cancels it.
 */
export async function recordResting(deps: DrainDeps, leg: OrderLeg, result: LegResult): Promise<void> {
  const order = result.order;
  if (order === undefined || !openStates.has(order.state) || order.unfilledSize === 0) return;
  await restingOrders(deps.redis, deps.scripts, deps.keys).record(leg, order.id, order.productId);
  if (leg.restingOrderTtlMs === undefined) return;
  const acceptedAt = (deps.now ?? Date.now)();
  await deps.restingChecks.schedule(
    {
      followerAccountId: leg.followerAccountId,
      symbol: leg.symbol,
      clientOrderId: leg.clientOrderId,
      correlationId: leg.correlationId,
    },
    acceptedAt + leg.restingOrderTtlMs,
  );
}

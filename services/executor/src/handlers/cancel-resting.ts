import { isDeltaError, type Order } from '@copytrade/delta-client';
import type { Logger } from '@copytrade/runtime';
import { legEvents } from '../audit/leg-events.ts';
import { DrainBusy } from '../errors/drain-signals.ts';
import type { DrainLock } from '../outbox/drain-lock.ts';
import { type RestingOrder, restingOrders } from '../resting/resting-orders.ts';
import type { DrainDeps } from './drain-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';
import { openStates } from './record-resting.ts';

/** Why a resting order was cancelled: its time limit passed, or a reduction of the position comes next. */
export type RestingCancelReason = 'resting_timeout' | 'before_reduction';

/**
 * Cancels one resting order (a cancel that finds it already filled or cancelled reads its final
 * state instead), audits its unfilled remainder, then forgets it and takes the remainder back out of
 * the follow's target and the total in one step. Call under the (follower, symbol) drain lock.
 */
export async function cancelResting(
  deps: DrainDeps,
  broker: FollowerBroker,
  resting: RestingOrder,
  reason: RestingCancelReason,
  logger: Logger,
): Promise<void> {
  const order = await cancelOrReadFinal(deps, broker, resting);
  if (openStates.has(order.state))
    throw new Error(`order ${resting.leg.clientOrderId} is still ${order.state} after its cancel`);
  const filled = order.size - order.unfilledSize;
  const remainder = order.unfilledSize;
  // Queued before the step that forgets the order: after it, no check or drain would audit it again.
  // Both callers hold the drain lock, so no other settles this order meanwhile.
  if (remainder > 0)
    await deps.audit.record(
      legEvents(resting.leg, broker.followerUserId).unfilled(filled, remainder, reason),
    );
  const settled = await restingOrders(deps.redis, deps.scripts, deps.keys).settle(resting, remainder);
  if (!settled || remainder === 0) return;
  deps.metrics.order('resting_cancelled');
  logger.info(
    { clientOrderId: resting.leg.clientOrderId, filled, remainder, reason },
    'resting order cancelled; its remainder taken back',
  );
}

/**
 * Cancels every resting order of the follower on the symbol: nothing of ours stays resting behind a
 * reduction (the master left, or is leaving), and the reduction's own arithmetic then holds: what it
 * cannot close the exchange clips or refuses, and the drain takes that back.
 */
export async function cancelAllResting(
  deps: DrainDeps,
  broker: FollowerBroker,
  followerAccountId: string,
  symbol: string,
  lock: DrainLock,
  logger: Logger,
): Promise<void> {
  const all = await restingOrders(deps.redis, deps.scripts, deps.keys).list(followerAccountId, symbol);
  for (const resting of all) {
    if (lock.lost) throw new DrainBusy('drain lock lost while cancelling resting orders');
    await cancelResting(deps, broker, resting, 'before_reduction', logger);
  }
}

async function cancelOrReadFinal(
  deps: DrainDeps,
  broker: FollowerBroker,
  resting: RestingOrder,
): Promise<Order> {
  const { client } = broker;
  try {
    return await deps.breakers.run(broker.host, () =>
      client.cancelOrder({ id: resting.orderId, productId: resting.productId }),
    );
  } catch (error) {
    // Delta's answer for an order that is no longer open: it filled, or was cancelled already.
    if (!isDeltaError(error) || error.status !== 404 || error.code === undefined) throw error;
    return deps.breakers.run(broker.host, () => client.getOrder(resting.orderId));
  }
}

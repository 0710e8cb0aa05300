import type { OrderLeg } from '@copytrade/contracts';
import type { Order } from '@copytrade/delta-client';
import { DrainBusy } from '../errors/drain-signals.ts';
import type { DrainLock } from '../outbox/drain-lock.ts';
import type { LegDeps } from './leg-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';

/** Delta accepts a signature for 5 s after its timestamp. */
export const SIGNATURE_WINDOW_MS = 5_000;
/** Orders in history and fills this long before the send still count (clock skew, second rounding). */
const HISTORY_SLACK_MS = 2_000;
/** History pages read at most while confirming an absence; past it the answer stays in doubt. */
const MAX_HISTORY_PAGES = 20;

const timer = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Finds an order whose placement may have reached the exchange (a timeout, a lost answer, a 5xx).
 * Null only when the order provably does not exist and never will: the last request's signature
 * has expired (sent + Delta's 5 s window + a margin), so it can no longer execute, and neither the
 * lookup by client order id nor the order history and fills since the send hold it. Until then it
 * keeps looking with backoff. Lookups that fail throw: doubt is never read as absence.
 */
export async function resolveInDoubt(
  deps: LegDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  sentAtMs: number,
  lock: DrainLock,
): Promise<Order | null> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? timer;
  const settledAt = sentAtMs + SIGNATURE_WINDOW_MS + (deps.resendMarginMs ?? 1_000);
  let wait = 100;
  for (;;) {
    const found = await byClientOrderId(deps, broker, leg);
    if (found) return found;
    const left = settledAt - now();
    if (left <= 0) break;
    if (lock.lost) throw new DrainBusy('drain lock lost while an order is in doubt');
    await sleep(Math.min(wait, left));
    wait = Math.min(wait * 2, 1_000);
  }
  // The lookup by client order id may not find orders already filled or cancelled.
  return findInHistory(deps, broker, leg, sentAtMs - HISTORY_SLACK_MS);
}

function byClientOrderId(deps: LegDeps, broker: FollowerBroker, leg: OrderLeg): Promise<Order | null> {
  return deps.breakers.run(broker.host, () => broker.client.getOrderByClientOrderId(leg.clientOrderId));
}

async function findInHistory(
  deps: LegDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  sinceMs: number,
): Promise<Order | null> {
  const { client } = broker;
  const sinceUs = sinceMs * 1_000;
  const productIds = [leg.productId];
  let after: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= MAX_HISTORY_PAGES)
      throw new Error(`order ${leg.clientOrderId}: history too long to confirm absence`);
    const history = await deps.breakers.run(broker.host, () => client.getOrderHistory({ productIds, after }));
    const match = history.orders.find((o) => o.clientOrderId === leg.clientOrderId);
    if (match) return match;
    const older = history.orders.some((o) => o.createdAt !== undefined && o.createdAt < sinceUs);
    if (older || history.after === undefined || history.orders.length === 0) break;
    after = history.after;
  }
  // A fill names its order; an order found only through its fills is read by id.
  const fills = await deps.breakers.run(broker.host, () =>
    client.getFills({ productIds, startTime: sinceUs, pageSize: 100 }),
  );
  const seen = new Set<string>();
  for (const fill of fills.fills) {
    if (fill.orderId === undefined || seen.has(fill.orderId)) continue;
    seen.add(fill.orderId);
    if (fill.clientOrderId !== undefined && fill.clientOrderId !== leg.clientOrderId) continue;
    const order = await deps.breakers.run(broker.host, () => client.getOrder(fill.orderId!));
    if (order.clientOrderId === leg.clientOrderId) return order;
  }
  if (fills.after !== undefined)
    throw new Error(`order ${leg.clientOrderId}: too many fills to confirm absence`);
  return null;
}

import { type CopyOrderJob, type OrderLeg, parseOrderLegEntry } from '@copytrade/contracts';
import type { ReconcileDeps } from './reconcile-deps.ts';

// Legs read from the outbox's head for the kick's client order ids (an outbox holds a few legs).
const HEAD_LEGS = 100;

/**
 * Legs that wait in an outbox nobody drains (exit-sync holds its drain lock) past the in-flight window
 * lost their kick: a kick stream entry gone with a Redis that lost its recent writes, a mapper from
 * before the kick stream killed between its step and its kick, an operator's removal. Exit-sync never
 * corrects beside queued legs, so without a kick such a follower would wait forever; it kicks the
 * executor for them instead, at most once per window (the job id names the window), and the drain then
 * sends or settles them as any kick would (an opening leg past its signal age expires). Returns whether
 * it kicked.
 */
export async function kickStuckOutbox(
  deps: Pick<ReconcileDeps, 'redis' | 'keys' | 'kicks' | 'metrics' | 'settings' | 'logger' | 'now'>,
  followerAccountId: string,
  symbol: string,
): Promise<boolean> {
  const legs = (await deps.redis.lrange(deps.keys.orderOutbox(followerAccountId, symbol), 0, HEAD_LEGS - 1))
    // An unreadable entry is left to the drain, which dead-letters it.
    .map(parseOrderLegEntry)
    .filter((leg): leg is OrderLeg => leg !== null);
  const head = legs[0];
  const now = deps.now();
  if (head === undefined || now - head.plannedAtMs < deps.settings.inFlightMs) return false;
  const job: CopyOrderJob = {
    followerAccountId,
    symbol,
    correlationId: head.correlationId,
    clientOrderIds: legs.map((leg) => leg.clientOrderId),
  };
  const window = Math.floor(now / deps.settings.inFlightMs);
  await deps.kicks.add('kick', job, { jobId: `stuck-${head.clientOrderId}-${window}` });
  deps.metrics.correction('stuck_kick');
  deps.logger.warn(
    { followerAccountId, symbol, clientOrderId: head.clientOrderId, waitedMs: now - head.plannedAtMs },
    'legs waited undrained past the in-flight window: executor kicked',
  );
  return true;
}

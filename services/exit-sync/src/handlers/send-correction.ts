import { makeAuditEvent, type OrderLeg, orderLeg } from '@copytrade/contracts';
import { correctionOrderId, type Leg, signedSize } from '@copytrade/copy-engine';
import type { ReconcileDeps } from './reconcile-deps.ts';

export interface Correction {
  followerAccountId: string;
  symbol: string;
  productId: number;
  actual: number;
  drift: number;
  capped: boolean;
  legs: Leg[];
}

/**
 * Queues a drift's corrective legs on the follower's outbox (only while it is empty) and kicks the
 * executor: the same outbox, executor and client-order-id scheme as copies. Correction legs change
 * the position, never the target, so nothing of them is taken back out of the target if refused.
 */
export async function sendCorrection(deps: ReconcileDeps, c: Correction): Promise<boolean> {
  const now = deps.now();
  const runId = String(now);
  const correlationId = `sync_${c.followerAccountId}_${c.symbol}_${runId}`;
  let position = c.actual;
  const legs: OrderLeg[] = c.legs.map((leg) => {
    const before = position;
    position += signedSize(leg);
    return orderLeg.parse({
      clientOrderId: correctionOrderId(c.followerAccountId, c.symbol, runId, leg.leg),
      correlationId,
      followerAccountId: c.followerAccountId,
      masterAccountId: null,
      followId: null,
      symbol: c.symbol,
      productId: c.productId,
      side: leg.side,
      size: leg.size,
      reduceOnly: leg.reduceOnly,
      leg: 'correction',
      orderType: 'market_order',
      limitPrice: null,
      seq: 0,
      targetBefore: before,
      targetAfter: position,
      detectedAtMs: now,
      plannedAtMs: now,
    });
  });
  const outbox = deps.keys.orderOutbox(c.followerAccountId, c.symbol);
  if (
    !(await deps.scripts.appendCorrection(
      outbox,
      legs.map((l) => JSON.stringify(l)),
    ))
  )
    return false;
  const clientOrderIds = legs.map((l) => l.clientOrderId);
  await deps.kicks.add(
    'kick',
    { followerAccountId: c.followerAccountId, symbol: c.symbol, correlationId, clientOrderIds },
    { jobId: clientOrderIds[0]! },
  );
  deps.metrics.correction('correction');
  await deps.audit
    .publish(
      makeAuditEvent({
        type: 'sync.corrected',
        eventId: `sync.corrected:${correlationId}`,
        correlationId,
        accountId: c.followerAccountId,
        service: 'exit-sync',
        payload: {
          followerAccountId: c.followerAccountId,
          symbol: c.symbol,
          drift: c.drift,
          capped: c.capped,
          legs: legs.map((l) => ({
            clientOrderId: l.clientOrderId,
            side: l.side,
            size: l.size,
            reduceOnly: l.reduceOnly,
            leg: l.leg,
          })),
        },
      }),
    )
    .catch((err: unknown) => deps.logger.error({ err, correlationId }, 'audit event not enqueued'));
  return true;
}

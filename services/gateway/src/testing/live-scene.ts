import { randomUUID } from 'node:crypto';
import { type AuditEvent, correlationIdOf, makeAuditEvent } from '@copytrade/contracts';

type Leg = { clientOrderId: string; side: 'buy' | 'sell'; size: number; reduceOnly: boolean; leg: string };

/**
 * The audit events of one master fill and what happened to each follower's copy, as the listener,
 * mapper, executor and exit-sync emit them: for the live page's tests.
 */
export function masterFillScene(masterAccountId: string, price = '65000') {
  const fillId = `f${randomUUID().slice(0, 8)}`;
  const correlationId = correlationIdOf(masterAccountId, fillId);
  const master = { fillId, side: 'buy' as const, size: 10, price };
  const base = (accountId: string | null) => ({ correlationId, accountId, service: 'test' });
  const legOf = (size: number): Leg => ({
    clientOrderId: `c${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    side: 'buy',
    size,
    reduceOnly: false,
    leg: 'open',
  });
  const ref = (followerAccountId: string, leg: Leg) => ({
    clientOrderId: leg.clientOrderId,
    followerAccountId,
    followerUserId: randomUUID(),
    masterAccountId,
    symbol: 'BTCUSD',
    side: leg.side,
    size: leg.size,
    leg: leg.leg,
    orderType: 'market_order',
    limitPrice: null,
  });
  return {
    correlationId,
    fill: (): AuditEvent =>
      makeAuditEvent({
        ...base(masterAccountId),
        type: 'master_fill.recorded',
        eventId: `test:${fillId}`,
        payload: {
          masterAccountId,
          fillId,
          symbol: 'BTCUSD',
          side: 'buy',
          size: 10,
          price,
          positionAfter: 10,
          seq: 1,
          source: 'ws',
          resynced: false,
        },
      }),
    /** copy.decided with one opening leg of `size`, and that leg for the order events. */
    decided(followerAccountId: string, size: number): { event: AuditEvent; leg: Leg } {
      const leg = legOf(size);
      const event = makeAuditEvent({
        ...base(followerAccountId),
        type: 'copy.decided',
        eventId: `test:decided:${leg.clientOrderId}`,
        payload: {
          followId: randomUUID(),
          followerAccountId,
          masterAccountId,
          symbol: 'BTCUSD',
          seq: 1,
          targetBefore: 0,
          targetAfter: size,
          action: 'open',
          master,
          legs: [leg],
        },
      });
      return { event, leg };
    },
    skipped: (followerAccountId: string, reason: string, detail: string): AuditEvent =>
      makeAuditEvent({
        ...base(followerAccountId),
        type: 'copy.skipped',
        eventId: `test:skipped:${randomUUID()}`,
        payload: {
          followId: randomUUID(),
          followerAccountId,
          masterAccountId,
          symbol: 'BTCUSD',
          seq: 1,
          reason,
          detail,
          master,
        },
      }),
    accepted: (
      followerAccountId: string,
      leg: Leg,
      o: { avgFillPrice: string; slippageBps: number; latencyMs: number },
    ) =>
      makeAuditEvent({
        ...base(followerAccountId),
        type: 'order.accepted',
        eventId: `${leg.clientOrderId}:accepted`,
        payload: {
          ...ref(followerAccountId, leg),
          exchangeOrderId: String(Math.floor(Math.random() * 1e9)),
          state: 'closed',
          filledSize: leg.size,
          avgFillPrice: o.avgFillPrice,
          adopted: false,
          latencyMs: o.latencyMs,
          slippageBps: o.slippageBps,
        },
      }),
    rejected: (followerAccountId: string, leg: Leg) =>
      makeAuditEvent({
        ...base(followerAccountId),
        type: 'order.rejected',
        eventId: `${leg.clientOrderId}:rejected`,
        payload: {
          ...ref(followerAccountId, leg),
          code: 'insufficient_margin',
          message: 'not enough margin',
        },
      }),
  };
}

/** Exit-sync's correction of a follower's drift: its own correlation, one leg. */
export function correctionScene(followerAccountId: string) {
  const correlationId = `sync_${followerAccountId}_BTCUSD_${randomUUID().slice(0, 8)}`;
  const leg: Leg = {
    clientOrderId: `s${randomUUID().replaceAll('-', '').slice(0, 20)}`,
    side: 'sell',
    size: 2,
    reduceOnly: true,
    leg: 'correction',
  };
  return {
    correlationId,
    corrected: (): AuditEvent =>
      makeAuditEvent({
        type: 'sync.corrected',
        eventId: `sync.corrected:${correlationId}`,
        correlationId,
        accountId: followerAccountId,
        service: 'test',
        payload: { followerAccountId, symbol: 'BTCUSD', drift: 2, capped: false, legs: [leg] },
      }),
  };
}

export function riskExit(followerAccountId: string): AuditEvent {
  return makeAuditEvent({
    type: 'risk.exit',
    eventId: `risk.exit:${randomUUID()}`,
    correlationId: null,
    accountId: followerAccountId,
    service: 'test',
    payload: {
      followId: randomUUID(),
      followerAccountId,
      reason: 'drawdown',
      detail: 'equity down 21% > 20%',
      flatten: true,
    },
  });
}

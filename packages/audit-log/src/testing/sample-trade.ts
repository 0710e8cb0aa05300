import { randomUUID } from 'node:crypto';
import { type AuditEvent, correlationIdOf, makeAuditEvent } from '@copytrade/contracts';

/**
 * The audit events of one copied master trade (one follower, one leg), as the mapper and the
 * executor emit them, for tests of the audit service and of readers of its tables.
 */
export function sampleTrade(options: { leg?: 'open' | 'close'; size?: number } = {}) {
  const masterAccountId = randomUUID();
  const followerAccountId = randomUUID();
  const followerUserId = randomUUID();
  const fillId = `f${randomUUID().slice(0, 8)}`;
  const correlationId = correlationIdOf(masterAccountId, fillId);
  const clientOrderId = `c${randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const leg = options.leg ?? 'open';
  const size = options.size ?? 3;
  const side = leg === 'open' ? ('buy' as const) : ('sell' as const);
  const master = { fillId, side, size: 10, price: '65000.5' };
  const ref = {
    clientOrderId,
    followerAccountId,
    followerUserId,
    masterAccountId,
    symbol: 'BTCUSD',
    side,
    size,
    leg,
    orderType: 'market_order',
    limitPrice: null,
  };
  const base = { correlationId, accountId: followerAccountId };
  const events = {
    decided: (): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'mapper',
        type: 'copy.decided',
        eventId: `copy.decided_${correlationId}_${followerAccountId}`,
        payload: {
          followId: randomUUID(),
          followerAccountId,
          masterAccountId,
          symbol: 'BTCUSD',
          seq: 1,
          targetBefore: leg === 'open' ? 0 : size,
          targetAfter: leg === 'open' ? size : 0,
          action: leg,
          master,
          legs: [{ clientOrderId, side, size, reduceOnly: leg !== 'open', leg }],
        },
      }),
    submitted: (attempt: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.submitted',
        eventId: `${clientOrderId}:submitted:${attempt}`,
        payload: { ...ref, attempt },
      }),
    retrying: (attempt: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.retrying',
        eventId: `${clientOrderId}:retrying:${attempt}:transient`,
        payload: { ...ref, kind: 'transient', attempt, message: 'HTTP 503' },
      }),
    unknown: (attempt: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.unknown',
        eventId: `${clientOrderId}:unknown:${attempt}`,
        payload: { ...ref, reason: 'timeout' },
      }),
    accepted: (latencyMs = 42): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.accepted',
        eventId: `${clientOrderId}:accepted`,
        payload: {
          ...ref,
          exchangeOrderId: '9001',
          state: 'closed',
          filledSize: size,
          avgFillPrice: '65010',
          adopted: false,
          latencyMs,
        },
      }),
    rejected: (): AuditEvent =>
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.rejected',
        eventId: `${clientOrderId}:rejected`,
        payload: { ...ref, code: 'insufficient_margin', message: 'not enough margin' },
      }),
  };
  return { masterAccountId, followerAccountId, followerUserId, fillId, correlationId, clientOrderId, events };
}

export type SampleTrade = ReturnType<typeof sampleTrade>;

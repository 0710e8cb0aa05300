import { makeAuditEvent, type AuditEvent, type OrderLeg } from '@copytrade/contracts';
import { CopyEngineInputError, fillSlippageBps } from '@copytrade/copy-engine';
import type { Order } from '@copytrade/delta-client';

const service = 'executor';

/** The audit events of one leg, with deterministic ids so a retried job records each once. */
export function legEvents(leg: OrderLeg, followerUserId: string) {
  const cid = leg.clientOrderId;
  const ref = {
    clientOrderId: cid,
    followerAccountId: leg.followerAccountId,
    followerUserId,
    masterAccountId: leg.masterAccountId,
    symbol: leg.symbol,
    side: leg.side,
    size: leg.size,
    leg: leg.leg,
    orderType: leg.orderType,
    limitPrice: leg.limitPrice,
  };
  const base = { correlationId: leg.correlationId, accountId: leg.followerAccountId, service };
  return {
    submitted: (attempt: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.submitted',
        eventId: `${cid}:submitted:${attempt}`,
        payload: { ...ref, attempt },
      }),
    accepted: (order: Order, adopted: boolean, latencyMs: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.accepted',
        eventId: `${cid}:accepted`,
        payload: {
          ...ref,
          exchangeOrderId: order.id,
          state: order.state,
          filledSize: order.size - order.unfilledSize,
          avgFillPrice: order.averageFillPrice ?? null,
          adopted,
          latencyMs: Math.max(0, Math.round(latencyMs)),
          ...slippageOf(leg, order),
        },
      }),
    rejected: (code: string, message: string): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.rejected',
        eventId: `${cid}:rejected`,
        payload: { ...ref, code, message },
      }),
    unknown: (attempt: number, reason: string): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.unknown',
        eventId: `${cid}:unknown:${attempt}`,
        payload: { ...ref, reason },
      }),
    retrying: (attempt: number, kind: string, message: string): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.retrying',
        eventId: `${cid}:retrying:${attempt}:${kind}`,
        payload: { ...ref, kind, attempt, message },
      }),
    expired: (ageMs: number, maxSignalAgeMs: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.expired',
        eventId: `${cid}:expired`,
        payload: { ...ref, ageMs: Math.max(0, Math.round(ageMs)), maxSignalAgeMs },
      }),
    dropped: (dependsOn: string): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.dropped',
        eventId: `${cid}:dropped`,
        payload: { ...ref, dependsOn },
      }),
    unfilled: (filledSize: number, remainder: number, reason: string): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.unfilled',
        eventId: `${cid}:unfilled:${reason}`,
        payload: { ...ref, filledSize, remainder, reason },
      }),
    deadLettered: (message: string, targetTakenBack: boolean): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'order.dead_lettered',
        eventId: `${cid}:dead-lettered`,
        payload: { ...ref, message: message.slice(0, 500), targetTakenBack },
      }),
    rateLimited: (attempt: number, resetInMs: number): AuditEvent =>
      makeAuditEvent({
        ...base,
        type: 'executor.rate_limited',
        eventId: `${cid}:rate-limited:${attempt}:${Date.now()}`,
        payload: { followerAccountId: leg.followerAccountId, resetInMs: Math.max(0, Math.round(resetInMs)) },
      }),
  };
}

/** The fill against the master's price, when the leg copies a master fill and something filled. */
function slippageOf(leg: OrderLeg, order: Order): { slippageBps?: number } {
  const fillPrice = order.averageFillPrice;
  if (leg.masterPrice === undefined || fillPrice === undefined || order.size === order.unfilledSize)
    return {};
  try {
    return { slippageBps: fillSlippageBps({ side: leg.side, masterPrice: leg.masterPrice, fillPrice }) };
  } catch (error) {
    // A price the exchange reported as zero is its own problem; the accepted order is still recorded.
    if (error instanceof CopyEngineInputError) return {};
    throw error;
  }
}

export type LegEvents = ReturnType<typeof legEvents>;

import type { OrderLeg } from '@copytrade/contracts';
import { isDeltaError, type Order, type PlaceOrderInput } from '@copytrade/delta-client';
import { isBreakerOpen } from '@copytrade/runtime';
import { copyAttributes, copySpans, withSpan } from '@copytrade/telemetry';
import { type LegEvents, legEvents } from '../audit/leg-events.ts';
import { inDoubtStates, terminalStates } from '../intents/intent-store.ts';
import type { DrainLock } from '../outbox/drain-lock.ts';
import { BreakerOpenDelay, DrainBusy } from '../errors/drain-signals.ts';
import type { LegDeps } from './leg-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';
import { resolveInDoubt } from './resolve-in-doubt.ts';
import { settledBefore } from './settled-before.ts';
import { type LegResult, rejectLeg, settleLeg } from './settle-leg.ts';

/**
 * Places one leg at most once (ARCHITECTURE invariant 2): the intent is written before the request;
 * after any answer that leaves doubt, the order is looked for until the request can no longer
 * execute, and resent only when it is provably absent (`resolveInDoubt`). Throws to let the queue
 * retry (transient, lookup failed), or with a rate-limit / open-circuit error the drain turns into
 * a wait.
 */
export function executeLeg(
  deps: LegDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  lock: DrainLock,
): Promise<LegResult> {
  // The exchange request (undici's span) and the leg's audit events become children of this span.
  const attributes = {
    [copyAttributes.followerAccountId]: leg.followerAccountId,
    [copyAttributes.clientOrderId]: leg.clientOrderId,
  };
  return withSpan(copySpans.leg, attributes, async (span) => {
    const result = await placeOnce(deps, broker, leg, lock);
    span.set({ [copyAttributes.outcome]: result.outcome });
    return result;
  });
}

async function placeOnce(
  deps: LegDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  lock: DrainLock,
): Promise<LegResult> {
  const events = legEvents(leg, broker.followerUserId);
  const now = deps.now ?? Date.now;
  if (await expired(deps, leg, events)) return { outcome: 'expired' };
  // First delivery (the common case): one write records the intent as sent, then the request.
  let sentAtMs = now();
  const created =
    deps.breakers.refusingUntil(broker.host) === null && !lock.lost
      ? await deps.intents.createSent(leg)
      : null;
  if (!created) {
    const intent = await deps.intents.ensure(leg);
    // Ended by a drain that stopped before the head left the outbox: settled as it would have.
    if (terminalStates.has(intent.state)) return settledBefore(deps, broker, leg, events);
    if (inDoubtStates.has(intent.state)) {
      const found = await resolveInDoubt(deps, broker, leg, intent.sentAt?.getTime() ?? now(), lock);
      if (found) return settleLeg(deps, leg, events, found, true);
    }
  }
  const maxResends = deps.maxResends ?? 3;
  for (let send = 0; send <= maxResends; send++) {
    let attempts: number;
    if (send === 0 && created) {
      attempts = created.attempts;
    } else {
      // An open circuit refuses the call anyway: wait before the intent says "sent".
      const trialAt = deps.breakers.refusingUntil(broker.host);
      if (trialAt !== null) {
        deps.metrics.order('breaker_open');
        throw new BreakerOpenDelay(broker.host, trialAt);
      }
      if (lock.lost) throw new DrainBusy('drain lock lost before sending');
      sentAtMs = now();
      attempts = (await deps.intents.markSent(leg.clientOrderId)).attempts;
    }
    const outcome = await sendOnce(deps, { broker, leg, events, attempts, sentAtMs, lock });
    if (outcome !== 'resend') return outcome;
  }
  throw new Error(`order ${leg.clientOrderId}: not found after ${maxResends} resends; retrying later`);
}

/** One placement of a leg and what is known about it. */
interface Send {
  broker: FollowerBroker;
  leg: OrderLeg;
  events: LegEvents;
  attempts: number;
  /** When this request was signed and sent: its signature expires 5 s later. */
  sentAtMs: number;
  lock: DrainLock;
}

/** An opening leg whose master signal is older than the follow allows is recorded and not sent. */
async function expired(deps: LegDeps, leg: OrderLeg, events: LegEvents): Promise<boolean> {
  if (leg.reduceOnly || leg.maxSignalAgeMs === undefined) return false;
  const ageMs = (deps.now ?? Date.now)() - leg.detectedAtMs;
  if (ageMs <= leg.maxSignalAgeMs) return false;
  if (!(await deps.intents.expire(leg, `signal ${ageMs} ms old, limit ${leg.maxSignalAgeMs} ms`)))
    return false;
  await deps.audit.record(events.expired(ageMs, leg.maxSignalAgeMs));
  deps.metrics.order('expired');
  return true;
}

async function sendOnce(deps: LegDeps, send: Send): Promise<LegResult | 'resend'> {
  const { broker, leg, events, attempts } = send;
  deps.audit.emit(events.submitted(attempts));
  let order: Order;
  try {
    order = await deps.breakers.run(broker.host, () => broker.client.placeOrder(orderInput(leg)));
  } catch (error) {
    return onPlaceFailure(deps, send, error);
  }
  return settleLeg(deps, leg, events, order, false);
}

async function onPlaceFailure(deps: LegDeps, send: Send, error: unknown): Promise<LegResult | 'resend'> {
  const { broker, leg, events, attempts: attempt } = send;
  const cid = leg.clientOrderId;
  const message = error instanceof Error ? error.message : String(error);
  if (isBreakerOpen(error)) {
    // Refused locally: nothing left, so the intent is simply not sent yet.
    await deps.intents.markPending(cid, 'breaker_open', message);
    deps.audit.emit(events.retrying(attempt, 'breaker_open', message));
    deps.metrics.order('breaker_open');
    throw error;
  }
  if (!isDeltaError(error)) {
    // Not a classified answer: the request may have left. Stay in doubt; the retry looks it up first.
    await deps.intents.markUnknown(cid, undefined, message);
    deps.audit.emit(events.unknown(attempt, message));
    deps.metrics.order('unknown');
    throw error;
  }
  switch (error.kind) {
    case 'rejected':
    case 'auth':
      return rejectLeg(deps, leg, events, error);
    case 'rate_limited':
      await deps.intents.markPending(cid, error.code, message);
      deps.audit.emit(events.rateLimited(attempt, error.retryAfterMs ?? 1_000));
      deps.metrics.order('rate_limited');
      throw error;
    case 'transient':
      await deps.intents.markPending(cid, error.code, message);
      deps.audit.emit(events.retrying(attempt, error.kind, message));
      deps.metrics.order('retrying');
      throw error;
    case 'unknown_outcome': {
      await deps.intents.markUnknown(cid, error.code, message);
      deps.audit.emit(events.unknown(attempt, message));
      deps.metrics.order('unknown');
      const found = await resolveInDoubt(deps, broker, leg, send.sentAtMs, send.lock);
      return found ? settleLeg(deps, leg, events, found, true) : 'resend';
    }
  }
}

function orderInput(leg: OrderLeg): PlaceOrderInput {
  // By symbol, not id: product ids differ between Delta's environments, symbols do not.
  return {
    productSymbol: leg.symbol,
    size: leg.size,
    side: leg.side,
    orderType: leg.orderType,
    ...(leg.limitPrice !== null && { limitPrice: leg.limitPrice }),
    reduceOnly: leg.reduceOnly,
    clientOrderId: leg.clientOrderId,
  };
}

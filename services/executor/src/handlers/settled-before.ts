import type { OrderLeg } from '@copytrade/contracts';
import type { LegEvents } from '../audit/leg-events.ts';
import type { LegDeps } from './leg-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';
import type { LegResult } from './settle-leg.ts';

/**
 * A head whose intent has ended: the drain that ended it stopped (a crash, a lost lock) before the
 * head left the outbox, perhaps before its outcome reached the audit queue. The outcome is recorded
 * again (the event's id is the same, so the audit keeps one) and the head is settled as that drain
 * would have: an accepted order is read back from the exchange, so a remainder it did not fill comes
 * out of the target and an order still resting is recorded for its check.
 */
export async function settledBefore(
  deps: LegDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  events: LegEvents,
): Promise<LegResult> {
  const cid = leg.clientOrderId;
  const outcome = await deps.intents.outcomeOf(cid);
  if (outcome === null) throw new Error(`intent ${cid} not found after it was found ended`);
  const endedAtMs = outcome.resolvedAt?.getTime() ?? (deps.now ?? Date.now)();
  switch (outcome.state) {
    case 'rejected':
      await deps.audit.record(events.rejected(outcome.errorCode ?? 'unknown', outcome.errorMessage ?? ''));
      return { outcome: 'rejected' };
    case 'expired':
      await deps.audit.record(events.expired(endedAtMs - leg.detectedAtMs, leg.maxSignalAgeMs ?? 0));
      return { outcome: 'expired' };
    case 'accepted':
    case 'resolved': {
      const orderId = outcome.exchangeOrderId;
      if (orderId === null)
        throw new Error(`intent ${cid} ended ${outcome.state} without an exchange order id`);
      const order = await deps.breakers.run(broker.host, () => broker.client.getOrder(orderId));
      await deps.audit.record(
        events.accepted(order, outcome.state === 'resolved', endedAtMs - leg.detectedAtMs),
      );
      return { outcome: 'already_done', order };
    }
    default:
      throw new Error(`intent ${cid} is ${outcome.state}, not ended`);
  }
}

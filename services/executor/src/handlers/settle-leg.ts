import type { OrderLeg } from '@copytrade/contracts';
import type { DeltaError, Order } from '@copytrade/delta-client';
import type { LegEvents } from '../audit/leg-events.ts';
import type { LegDeps } from './leg-deps.ts';

export type LegOutcome = 'accepted' | 'adopted' | 'rejected' | 'expired' | 'already_done';

/** What became of a leg, with the exchange's order when it has one. */
export interface LegResult {
  outcome: LegOutcome;
  order?: Order;
}

/**
 * The exchange has the order. `adopted` (found by client order id after a lost or doubtful answer)
 * ends the intent in `resolved`; a direct answer ends it in `accepted`. The intent and the outcome's
 * audit event are written side by side, and both are done before the head can leave the outbox: a
 * crash before the intent is settled finds the order again (the event, same id, is recorded once), a
 * crash after finds the leg settled and records its outcome again (`settledBefore`).
 */
export async function settleLeg(
  deps: LegDeps,
  leg: OrderLeg,
  events: LegEvents,
  order: Order,
  adopted: boolean,
): Promise<LegResult> {
  const latencyMs = (deps.now ?? Date.now)() - leg.detectedAtMs;
  await Promise.all([
    deps.intents.settle(leg.clientOrderId, order, adopted ? 'resolved' : 'accepted'),
    deps.audit.record(events.accepted(order, adopted, latencyMs)),
  ]);
  deps.metrics.order(adopted ? 'adopted' : 'accepted');
  deps.metrics.copyLatency(latencyMs);
  return { outcome: adopted ? 'adopted' : 'accepted', order };
}

/** A permanent refusal (business rule or key problem): recorded with Delta's own code. */
export async function rejectLeg(
  deps: LegDeps,
  leg: OrderLeg,
  events: LegEvents,
  error: DeltaError,
): Promise<LegResult> {
  const code = error.code ?? error.kind;
  await Promise.all([
    deps.intents.reject(leg.clientOrderId, code, error.message),
    deps.audit.record(events.rejected(code, error.message)),
  ]);
  deps.metrics.order('rejected');
  deps.logger.warn({ clientOrderId: leg.clientOrderId, code, kind: error.kind }, 'order rejected');
  return { outcome: 'rejected' };
}

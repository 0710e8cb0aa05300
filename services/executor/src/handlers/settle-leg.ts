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
 * ends the intent in `resolved`; a direct answer ends it in `accepted`.
 */
export async function settleLeg(
  deps: LegDeps,
  leg: OrderLeg,
  events: LegEvents,
  order: Order,
  adopted: boolean,
): Promise<LegResult> {
  await deps.intents.settle(leg.clientOrderId, order, adopted ? 'resolved' : 'accepted');
  const latencyMs = (deps.now ?? Date.now)() - leg.detectedAtMs;
  deps.audit.emit(events.accepted(order, adopted, latencyMs));
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
  await deps.intents.reject(leg.clientOrderId, code, error.message);
  deps.audit.emit(events.rejected(code, error.message));
  deps.metrics.order('rejected');
  deps.logger.warn({ clientOrderId: leg.clientOrderId, code, kind: error.kind }, 'order rejected');
  return { outcome: 'rejected' };
}

import { CopyEngineInputError } from '../decimal/copy-engine-input-error.ts';
import { assertContracts } from '../decimal/decimal.ts';
import { planOrders } from '../orders/plan-orders.ts';
import type { DriftPolicy } from '../types/follow-settings.ts';
import type { Leg } from '../types/leg.ts';

export interface ReconcileInput {
  /** The follower's position on the exchange (signed contracts). */
  actual: number;
  /** The mapper's lastTarget for this (follower, symbol). */
  target: number;
  /** An order for this symbol is still open or unresolved: its fill would change `actual`. */
  inFlight: boolean;
  policy: DriftPolicy;
  /** |drift| up to this is accepted (contracts, >= 0). */
  tolerance: number;
  /** Total contracts one correction may trade (>= 1). */
  maxCorrection: number;
}

export type ReconcileAction =
  | { action: 'none' }
  | { action: 'skip_in_flight'; drift: number }
  | { action: 'alert'; drift: number }
  | {
      action: 'correct';
      legs: Leg[];
      /** target - actual, signed. */
      drift: number;
      /** True when the correction stops short of the target because of maxCorrection. */
      capped: boolean;
    };

/**
 * Exit-sync's decision for one (follower, symbol). A correction moves at most maxCorrection
 * contracts toward the target (over both legs of a flip); it never runs beside an in-flight order.
 */
export function reconcile(input: ReconcileInput): ReconcileAction {
  const actual = assertContracts(input.actual, 'actual');
  const target = assertContracts(input.target, 'target');
  const tolerance = assertContracts(input.tolerance, 'tolerance');
  const cap = assertContracts(input.maxCorrection, 'maxCorrection');
  if (tolerance < 0) throw new CopyEngineInputError('tolerance', 'must be >= 0');
  if (cap < 1) throw new CopyEngineInputError('maxCorrection', 'must be >= 1');

  const drift = target - actual;
  if (input.policy === 'off' || Math.abs(drift) <= tolerance) return { action: 'none' };
  if (input.inFlight) return { action: 'skip_in_flight', drift };
  if (input.policy === 'alert') return { action: 'alert', drift };

  const step = Math.sign(drift) * Math.min(Math.abs(drift), cap);
  return { action: 'correct', legs: planOrders(actual, actual + step), drift, capped: Math.abs(drift) > cap };
}

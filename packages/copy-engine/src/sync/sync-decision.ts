import { reconcile } from '../reconcile/reconcile.ts';
import type { DriftPolicy } from '../types/follow-settings.ts';
import type { Leg } from '../types/leg.ts';

/** The drift settings of the follows that share one follower position. */
export interface FollowDriftSettings {
  driftPolicy: DriftPolicy;
  driftTolerance: number;
  maxCorrection: number;
  repairReopen: boolean;
  /** A frozen follow's share of the position belongs to its owner. */
  frozen: boolean;
}

export interface SyncInput {
  actual: number;
  /** The follower's total target over its follows on the symbol. */
  total: number;
  follows: readonly FollowDriftSettings[];
  /** Corrections already sent for this drift without it going away. */
  repairs: number;
  /** After this many, stop correcting and alert instead of flip-flopping. */
  maxRepairs: number;
}

export type SyncState = 'in_sync' | 'drifting' | 'repairing' | 'failed' | 'frozen';

export type SyncDecision =
  | { action: 'none'; state: 'in_sync' | 'frozen'; drift: number }
  | { action: 'alert'; state: 'drifting' | 'failed'; drift: number; reason: string }
  | { action: 'record'; state: 'drifting'; drift: number }
  | { action: 'correct'; state: 'repairing'; drift: number; legs: Leg[]; capped: boolean };

/**
 * What exit-sync does about one follower position that differs from its target. The strictest
 * follow wins where follows disagree: any frozen follow leaves the position to its owner, the most
 * permissive policy among the rest decides, with the smallest cap and tolerance. Reductions and
 * exits are repaired under `repair`; growing a position back (re-opening) only where every follow
 * allows it. A drift that survives `maxRepairs` corrections is alerted as failed, not chased.
 */
export function syncDecision(input: SyncInput): SyncDecision {
  const drift = input.total - input.actual;
  const tolerance = Math.min(...input.follows.map((f) => f.driftTolerance), Number.MAX_SAFE_INTEGER);
  if (input.follows.length === 0 || Math.abs(drift) <= tolerance)
    return { action: 'none', state: 'in_sync', drift };
  if (input.follows.some((f) => f.frozen)) return { action: 'none', state: 'frozen', drift };
  const policies = new Set(input.follows.map((f) => f.driftPolicy));
  if (policies.has('repair')) {
    if (input.repairs >= input.maxRepairs)
      return {
        action: 'alert',
        state: 'failed',
        drift,
        reason: `drift persists after ${input.repairs} repairs`,
      };
    const cap = Math.min(
      ...input.follows.filter((f) => f.driftPolicy === 'repair').map((f) => f.maxCorrection),
    );
    const decision = reconcile({
      actual: input.actual,
      target: input.total,
      inFlight: false,
      policy: 'repair',
      tolerance,
      maxCorrection: Math.max(1, cap),
    });
    if (decision.action !== 'correct') return { action: 'none', state: 'in_sync', drift };
    const reopens = decision.legs.some((l) => !l.reduceOnly);
    if (reopens && !input.follows.every((f) => f.repairReopen))
      return {
        action: 'alert',
        state: 'drifting',
        drift,
        reason: 're-opening is not allowed for this follow',
      };
    return { action: 'correct', state: 'repairing', drift, legs: decision.legs, capped: decision.capped };
  }
  if (policies.has('alert'))
    return { action: 'alert', state: 'drifting', drift, reason: 'drift policy is alert' };
  return { action: 'record', state: 'drifting', drift };
}

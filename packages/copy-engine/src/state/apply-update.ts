import { assertContracts } from '../decimal/decimal.ts';
import { planOrders } from '../orders/plan-orders.ts';
import type { Leg } from '../types/leg.ts';
import type { TargetState } from '../types/target-state.ts';

export interface UpdateResult {
  state: TargetState;
  legs: Leg[];
  /** False when `seq` is not newer than `lastSeq` (a duplicate or late job): nothing changes. */
  applied: boolean;
}

/**
 * The mapper's compare-and-set on (lastSeq, lastTarget), as an executable spec for the Redis Lua
 * script. With no state yet the follower is flat (lastTarget 0) and any seq applies.
 */
export function applyUpdate(state: TargetState | null, seq: number, target: number): UpdateResult {
  assertContracts(seq, 'seq');
  const next = assertContracts(target, 'target');
  if (state !== null) {
    assertContracts(state.lastSeq, 'state.lastSeq');
    assertContracts(state.lastTarget, 'state.lastTarget');
    if (seq <= state.lastSeq) return { state, legs: [], applied: false };
  }
  const lastTarget = state?.lastTarget ?? 0;
  return { state: { lastSeq: seq, lastTarget: next }, legs: planOrders(lastTarget, next), applied: true };
}

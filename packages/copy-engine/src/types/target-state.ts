/** The mapper's per (follower, symbol) record: the last applied master sequence and its target. */
export interface TargetState {
  lastSeq: number;
  lastTarget: number;
}

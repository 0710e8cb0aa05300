import type { E2eFollow, E2eFollower } from './e2e-session.ts';

export type ModelStatus = 'active' | 'close_only';

/**
 * A follow's next target when its master's position moves to `masterPosition`, worked out from the
 * rules (ARCHITECTURE, invariant 3) rather than from the copy-engine: the multiplier's share rounded
 * toward zero; close-only keeps reductions and exits only (an increase holds, an exit or a flip goes flat).
 */
export function nextTarget(
  last: number,
  masterPosition: number,
  multiplier: number,
  status: ModelStatus,
): number {
  const wanted = Math.trunc(masterPosition * multiplier) || 0;
  if (status === 'active') return wanted;
  if (wanted === 0 || Math.sign(wanted) !== Math.sign(last)) return 0;
  return Math.abs(wanted) > Math.abs(last) ? last : wanted;
}

/** The targets a session's multiplier follows should reach, replayed from the masters' positions. */
export class ExpectedTargets {
  private readonly targets = new Map<string, number>();
  private readonly statuses = new Map<string, ModelStatus>();
  private readonly followers: E2eFollower[];

  constructor(followers: E2eFollower[]) {
    this.followers = followers;
  }

  setStatus(followId: string, status: ModelStatus): void {
    this.statuses.set(followId, status);
  }

  /** Every follow of `masterLabel` moves its target on `symbol` as its master's position did. */
  masterMoved(masterLabel: string, symbol: string, masterPosition: number): void {
    for (const follower of this.followers) {
      for (const follow of follower.follows) {
        if (follow.master.label !== masterLabel) continue;
        const status = this.statuses.get(follow.followId) ?? 'active';
        const next = nextTarget(this.of(follow, symbol), masterPosition, multiplierOf(follow), status);
        this.targets.set(key(follow.followId, symbol), next);
      }
    }
  }

  of(follow: E2eFollow, symbol: string): number {
    return this.targets.get(key(follow.followId, symbol)) ?? 0;
  }

  /** What the follower's exchange position must be: the sum of its follows' targets. */
  total(follower: E2eFollower, symbol: string): number {
    return follower.follows.reduce((sum, follow) => sum + this.of(follow, symbol), 0);
  }
}

const key = (followId: string, symbol: string) => `${followId}|${symbol}`;

function multiplierOf(follow: E2eFollow): number {
  const { mode, multiplier, reverse } = follow.settings;
  if (mode !== 'multiplier' || multiplier === undefined || reverse)
    throw new Error(`follow ${follow.followId}: the model knows plain multiplier follows only`);
  return Number(multiplier);
}

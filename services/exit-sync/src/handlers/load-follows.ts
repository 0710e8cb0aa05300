import { effectiveStatus, type FollowSettings, type FollowStatus } from '@copytrade/copy-engine';
import type { FollowRow, RiskExit } from '../db/follower-reads.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';
import { toFollowSettings } from '@copytrade/accounts';

export type { RiskExit } from '../db/follower-reads.ts';

/** A follow as exit-sync sees it: its settings, its effective state, and how it ends. */
export interface FollowView {
  followId: string;
  masterAccountId: string;
  followerAccountId: string;
  /** The stricter of the follow's and its follower account's state. */
  status: FollowStatus;
  settings: FollowSettings;
  repairReopen: boolean;
  riskExitFlatten: boolean;
  /**
   * A risk exit that made the follow close-only and whose event or flatten is not done yet (its cycle
   * ended first). Its event is recorded whatever the follow's state now; its flatten only while the
   * follow is still close-only.
   */
  pendingRiskExit: RiskExit | null;
  unsubscribeMode: 'close_immediately' | 'close_gracefully' | 'preserve' | null;
  ended: boolean;
}

/** Every follow of a follower account (ended ones too: their positions may still need closing) and the symbols ever ordered for it, in one read. */
export async function loadFollows(
  deps: Pick<ReconcileDeps, 'reads'>,
  followerAccountId: string,
): Promise<{ follows: FollowView[]; tradedSymbols: string[] }> {
  const { follows, tradedSymbols } = await deps.reads.snapshot(followerAccountId);
  const views = follows.map(({ follow: row, follower }) => ({
    followId: row.id,
    masterAccountId: row.masterAccountId,
    followerAccountId: row.followerAccountId,
    status: effectiveStatus(row.status, follower),
    settings: toFollowSettings(row),
    repairReopen: row.repairReopen,
    riskExitFlatten: row.riskExitFlatten,
    pendingRiskExit: pendingRiskExitOf(row),
    unsubscribeMode: row.unsubscribeMode,
    ended: row.endedAt !== null,
  }));
  return { follows: views, tradedSymbols };
}

function pendingRiskExitOf(row: FollowRow): RiskExit | null {
  const { riskExitAt: at, riskExitReason: reason, riskExitDetail: detail } = row;
  if (!row.riskExitPending || at === null || reason === null || detail === null) return null;
  return { at, reason, detail };
}

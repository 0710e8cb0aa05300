import type { SqlPool } from '@copytrade/db/sql';
import type { RiskExit } from './follower-reads.ts';

/** Exit-sync's writes to a follow, each conditional on the state it was decided on. */
export interface FollowWrites {
  /** Stops a follow that is not stopped yet; false when it already was. */
  stop(followId: string): Promise<boolean>;
  /**
   * Makes an active follow close-only for a risk exit, kept with it as pending until `riskExitDone`;
   * false when it was no longer active.
   */
  closeOnly(followId: string, exit: RiskExit): Promise<boolean>;
  /** The exit made at `at` has its event queued and its flatten requested. */
  riskExitDone(followId: string, at: Date): Promise<void>;
}

export function createFollowWrites(sql: SqlPool): FollowWrites {
  const moved = async (text: string, values: unknown[]) => (await sql.query(text, values)).rowCount === 1;
  return {
    stop: (followId) =>
      moved(
        `UPDATE "follows" SET "status" = 'stopped', "updated_at" = now()
         WHERE "id" = $1::uuid AND "status" <> 'stopped'`,
        [followId],
      ),
    closeOnly: (followId, exit) =>
      moved(
        `UPDATE "follows" SET "status" = 'close_only', "risk_exit_at" = $2, "risk_exit_reason" = $3,
           "risk_exit_detail" = $4, "risk_exit_pending" = true, "updated_at" = now()
         WHERE "id" = $1::uuid AND "status" = 'active'`,
        [followId, exit.at, exit.reason, exit.detail],
      ),
    async riskExitDone(followId, at) {
      await sql.query(
        `UPDATE "follows" SET "risk_exit_pending" = false
         WHERE "id" = $1::uuid AND "risk_exit_at" = $2 AND "risk_exit_pending"`,
        [followId, at],
      );
    },
  };
}

import type { SqlPool } from '@copytrade/db/sql';

/** Exit-sync's two writes to a follow, each conditional on the state it was decided on. */
export interface FollowWrites {
  /** Stops a follow that is not stopped yet; false when it already was. */
  stop(followId: string): Promise<boolean>;
  /** Makes an active follow close-only (a risk exit); false when it was no longer active. */
  closeOnly(followId: string): Promise<boolean>;
}

export function createFollowWrites(sql: SqlPool): FollowWrites {
  const move = async (text: string, followId: string) => (await sql.query(text, [followId])).rowCount === 1;
  return {
    stop: (followId) =>
      move(
        `UPDATE "follows" SET "status" = 'stopped', "updated_at" = now()
         WHERE "id" = $1::uuid AND "status" <> 'stopped'`,
        followId,
      ),
    closeOnly: (followId) =>
      move(
        `UPDATE "follows" SET "status" = 'close_only', "updated_at" = now()
         WHERE "id" = $1::uuid AND "status" = 'active'`,
        followId,
      ),
  };
}

import { type FollowSettingsRow, followSettingsColumns } from '@copytrade/accounts';
import type { SqlPool } from '@copytrade/db/sql';

/** Why and when exit-sync made a follow close-only (the audit event's id comes from `at`). */
export interface RiskExit {
  at: Date;
  reason: string;
  detail: string;
}

/** A follows row as exit-sync uses it: the settings' columns (decimals as text) and how it ends. */
export type FollowRow = FollowSettingsRow & {
  id: string;
  masterAccountId: string;
  followerAccountId: string;
  repairReopen: boolean;
  riskExitFlatten: boolean;
  riskExitAt: Date | null;
  riskExitReason: string | null;
  riskExitDetail: string | null;
  riskExitPending: boolean;
  unsubscribeMode: 'close_immediately' | 'close_gracefully' | 'preserve' | null;
  endedAt: Date | null;
};

/** One follows row with its follower account's state. */
export interface FollowRecord {
  follow: FollowRow;
  follower: { status: 'active' | 'paused' | 'disabled'; pauseMode: 'close_only' | 'frozen' };
}

/** What a reconcile reads of its follower before it looks at the exchange. */
export interface FollowerSnapshot {
  /** Every follow of the account, ended ones too, oldest first. */
  follows: FollowRecord[];
  /** Symbols the platform ever ordered for the account (a book may hold a target where nothing is open). */
  tradedSymbols: string[];
}

/** The database reads on a reconcile's path: plain statements, one round trip each. */
export interface FollowerReads {
  snapshot(followerAccountId: string): Promise<FollowerSnapshot>;
  /** Whether an order intent of the follower on the symbol is unsettled and updated after `since`. */
  unsettledSince(followerAccountId: string, symbol: string, since: Date): Promise<boolean>;
  /** Follower accounts with a follow that is not plainly stopped (an ended one may still hold positions). */
  followersToReconcile(): Promise<string[]>;
  /** Follower accounts of a master's follows, whatever their state. */
  followersOf(masterAccountId: string): Promise<string[]>;
}

// Follows and traded symbols in one statement: per reconcile these were three Prisma queries, each
// paying the query compiler and its own round trip (a reconcile runs every few seconds per follower).
const snapshotSql = `
  SELECT f."id", f."master_account_id"::text AS "masterAccountId",
    f."follower_account_id"::text AS "followerAccountId", ${followSettingsColumns('f')},
    f."repair_reopen" AS "repairReopen", f."risk_exit_flatten" AS "riskExitFlatten",
    f."risk_exit_at" AS "riskExitAt", f."risk_exit_reason" AS "riskExitReason",
    f."risk_exit_detail" AS "riskExitDetail", f."risk_exit_pending" AS "riskExitPending",
    f."unsubscribe_mode"::text AS "unsubscribeMode", f."ended_at" AS "endedAt",
    a."status"::text AS "accountStatus", a."pause_mode"::text AS "accountPauseMode",
    ARRAY(SELECT DISTINCT i."symbol" FROM "order_intents" i WHERE i."follower_account_id" = $1) AS "traded"
  FROM "follows" f JOIN "broker_accounts" a ON a."id" = f."follower_account_id"
  WHERE f."follower_account_id" = $1
  ORDER BY f."created_at" ASC, f."id" ASC`;

const unsettledSql = `
  SELECT EXISTS (SELECT 1 FROM "order_intents" WHERE "follower_account_id" = $1 AND "symbol" = $2
    AND "state" IN ('pending', 'sent', 'unknown') AND "updated_at" > $3) AS "found"`;

type SnapshotRow = FollowRow & {
  accountStatus: FollowRecord['follower']['status'];
  accountPauseMode: FollowRecord['follower']['pauseMode'];
  traded: string[];
};

function toFollowRecord({
  accountStatus,
  accountPauseMode,
  traded: _,
  ...follow
}: SnapshotRow): FollowRecord {
  return { follow, follower: { status: accountStatus, pauseMode: accountPauseMode } };
}

export function createFollowerReads(sql: SqlPool): FollowerReads {
  return {
    async snapshot(followerAccountId) {
      const { rows } = await sql.query<SnapshotRow>({
        name: 'exit-sync-snapshot',
        text: snapshotSql,
        values: [followerAccountId],
      });
      return {
        follows: rows.map(toFollowRecord),
        tradedSymbols: rows[0]?.traded ?? [],
      };
    },
    async unsettledSince(followerAccountId, symbol, since) {
      const { rows } = await sql.query<{ found: boolean }>({
        name: 'exit-sync-unsettled',
        text: unsettledSql,
        values: [followerAccountId, symbol, since],
      });
      return rows[0]?.found === true;
    },
    async followersToReconcile() {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT DISTINCT "follower_account_id"::text AS "id" FROM "follows"
           WHERE "status" <> 'stopped' OR "ended_at" IS NOT NULL`,
      );
      return rows.map((r) => r.id);
    },
    async followersOf(masterAccountId) {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT DISTINCT "follower_account_id"::text AS "id" FROM "follows" WHERE "master_account_id" = $1::uuid`,
        [masterAccountId],
      );
      return rows.map((r) => r.id);
    },
  };
}

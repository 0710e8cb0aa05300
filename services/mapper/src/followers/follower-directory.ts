import { type FollowSettingsRow, followSettingsColumns, toFollowSettings } from '@copytrade/accounts';
import { effectiveStatus, type FollowSettings } from '@copytrade/copy-engine';
import type { SqlPool } from '@copytrade/db/sql';
import { TtlCache } from '../market/ttl-cache.ts';

export interface ActiveFollower {
  followId: string;
  followerAccountId: string;
  followerUserId: string;
  /** `status` is the effective one: the stricter of the follow's and its account's. */
  settings: FollowSettings;
  /** Opening legs older than this are not sent (closing legs always go). */
  maxSignalAgeMs: number;
  /** A resting limit copy is cancelled after this. */
  restingOrderTtlMs: number;
}

export interface FollowerDirectory {
  /**
   * The master's follows that are not stopped, with their follower accounts: a close-only or frozen
   * follow stays in the fan-out, so a master's exit still reaches it (or is recorded as left alone).
   */
  of(masterAccountId: string): Promise<ActiveFollower[]>;
  /** One follow whatever its state (an ended one too), read fresh: for exit-sync's resyncs. */
  one(followId: string): Promise<ActiveFollower | undefined>;
  /** Drops every cached list (on a settings-changed message). */
  invalidate(): void;
}

type FollowerRow = FollowSettingsRow & {
  id: string;
  followerAccountId: string;
  maxSignalAgeMs: number;
  restingOrderTtlMs: number;
  accountStatus: 'active' | 'paused' | 'disabled';
  accountPauseMode: 'close_only' | 'frozen';
  followerUserId: string;
};

// Plain SQL: the mapper needs no more of the database than these two reads, and without Prisma it
// loads neither its client nor its query compiler.
const selectFollowers = `
  SELECT f."id", f."follower_account_id" AS "followerAccountId", ${followSettingsColumns('f')},
    f."max_signal_age_ms" AS "maxSignalAgeMs", f."resting_order_ttl_ms" AS "restingOrderTtlMs",
    a."status"::text AS "accountStatus", a."pause_mode"::text AS "accountPauseMode",
    a."user_id"::text AS "followerUserId"
  FROM "follows" f JOIN "broker_accounts" a ON a."id" = f."follower_account_id"`;

function toActiveFollower(row: FollowerRow): ActiveFollower {
  const account = { status: row.accountStatus, pauseMode: row.accountPauseMode };
  return {
    followId: row.id,
    followerAccountId: row.followerAccountId,
    followerUserId: row.followerUserId,
    settings: { ...toFollowSettings(row), status: effectiveStatus(row.status, account) },
    maxSignalAgeMs: row.maxSignalAgeMs,
    restingOrderTtlMs: row.restingOrderTtlMs,
  };
}

export interface FollowerDirectoryOptions {
  /** How long a master's list is used as read. */
  ttlMs: number;
  /**
   * Past `ttlMs`, a list this young is still used while it reloads in the background, so a fill
   * does not wait on the database (a settings-changed message drops every list at once).
   */
  maxStaleMs: number;
  /**
   * Where a stale list's background reload runs: at once without. A master's list of 1,000 follows is
   * a query and 1,000 rows to read, which a fill's fan-out would otherwise share its cores with.
   */
  scheduleReload?: ((reload: () => Promise<void>) => void) | undefined;
}

export function createFollowerDirectory(sql: SqlPool, options: FollowerDirectoryOptions): FollowerDirectory {
  const cache = new TtlCache<ActiveFollower[]>(options);
  return {
    of(masterAccountId) {
      return cache.get(masterAccountId, async () => {
        const { rows } = await sql.query<FollowerRow>(
          `${selectFollowers} WHERE f."master_account_id" = $1::uuid AND f."status" <> 'stopped'
           ORDER BY f."created_at"`,
          [masterAccountId],
        );
        return rows.map(toActiveFollower);
      });
    },
    async one(followId) {
      const { rows } = await sql.query<FollowerRow>(`${selectFollowers} WHERE f."id" = $1::uuid`, [followId]);
      return rows[0] === undefined ? undefined : toActiveFollower(rows[0]);
    },
    invalidate: () => cache.clear(),
  };
}

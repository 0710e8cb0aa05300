import { toFollowSettings } from '@copytrade/accounts';
import { effectiveStatus, type FollowSettings } from '@copytrade/copy-engine';
import type { Db, Follow } from '@copytrade/db';

interface FollowerRow {
  status: 'active' | 'paused' | 'disabled';
  pauseMode: 'close_only' | 'frozen';
  userId: string;
}
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

const withFollower = { follower: { select: { status: true, pauseMode: true, userId: true } } } as const;

function toActiveFollower({ follower, ...follow }: Follow & { follower: FollowerRow }): ActiveFollower {
  return {
    followId: follow.id,
    followerAccountId: follow.followerAccountId,
    followerUserId: follower.userId,
    settings: { ...toFollowSettings(follow), status: effectiveStatus(follow.status, follower) },
    maxSignalAgeMs: follow.maxSignalAgeMs,
    restingOrderTtlMs: follow.restingOrderTtlMs,
  };
}

export function createFollowerDirectory(db: Db, ttlMs: number): FollowerDirectory {
  const cache = new TtlCache<ActiveFollower[]>(ttlMs);
  return {
    of(masterAccountId) {
      return cache.get(masterAccountId, async () => {
        const rows = await db.follow.findMany({
          where: { masterAccountId, status: { not: 'stopped' } },
          include: withFollower,
          orderBy: { createdAt: 'asc' },
        });
        return rows.map(toActiveFollower);
      });
    },
    async one(followId) {
      const row = await db.follow.findUnique({ where: { id: followId }, include: withFollower });
      return row === null ? undefined : toActiveFollower(row);
    },
    invalidate: () => cache.clear(),
  };
}

import { effectiveStatus, type FollowSettings } from '@copytrade/copy-engine';
import type { Db } from '@copytrade/db';
import { TtlCache } from '../market/ttl-cache.ts';
import { toFollowSettings } from './follow-settings.ts';

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
  /** Drops every cached list (on a settings-changed message). */
  invalidate(): void;
}

export function createFollowerDirectory(db: Db, ttlMs: number): FollowerDirectory {
  const cache = new TtlCache<ActiveFollower[]>(ttlMs);
  return {
    of(masterAccountId) {
      return cache.get(masterAccountId, async () => {
        const rows = await db.follow.findMany({
          where: { masterAccountId, status: { not: 'stopped' } },
          include: { follower: { select: { status: true, pauseMode: true, userId: true } } },
          orderBy: { createdAt: 'asc' },
        });
        return rows.map(({ follower, ...follow }) => ({
          followId: follow.id,
          followerAccountId: follow.followerAccountId,
          followerUserId: follower.userId,
          settings: { ...toFollowSettings(follow), status: effectiveStatus(follow.status, follower) },
          maxSignalAgeMs: follow.maxSignalAgeMs,
          restingOrderTtlMs: follow.restingOrderTtlMs,
        }));
      });
    },
    invalidate: () => cache.clear(),
  };
}

import type { FollowSettings } from '@copytrade/copy-engine';
import type { Db } from '@copytrade/db';
import { TtlCache } from '../market/ttl-cache.ts';
import { toFollowSettings } from './follow-settings.ts';

export interface ActiveFollower {
  followId: string;
  followerAccountId: string;
  followerUserId: string;
  /** The follower's broker account is enabled (a paused or disabled account only reduces). */
  accountActive: boolean;
  settings: FollowSettings;
}

export interface FollowerDirectory {
  /** The master's active follows with their follower accounts. */
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
          where: { masterAccountId, status: 'active' },
          include: { follower: { select: { status: true, userId: true } } },
          orderBy: { createdAt: 'asc' },
        });
        return rows.map(({ follower, ...follow }) => ({
          followId: follow.id,
          followerAccountId: follow.followerAccountId,
          followerUserId: follower.userId,
          accountActive: follower.status === 'active',
          settings: toFollowSettings(follow),
        }));
      });
    },
    invalidate: () => cache.clear(),
  };
}

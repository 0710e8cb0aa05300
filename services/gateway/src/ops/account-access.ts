import type { Db } from '@copytrade/db';
import { seesEveryone } from '../auth/guards.ts';
import type { Principal } from '../auth/principal.ts';
import { notFound } from '../errors/http-error.ts';

/**
 * A master account the caller may act on: operators any; a client one it owns or follows (a follow
 * not ended). Anything else reads as unknown, so a client learns nothing of others' accounts.
 */
export async function requireMasterAccess(
  db: Db,
  principal: Principal,
  masterAccountId: string,
): Promise<void> {
  const master = await db.brokerAccount.findFirst({
    where: { id: masterAccountId, role: 'master' },
    select: { userId: true },
  });
  if (master && (seesEveryone(principal) || master.userId === principal.user.id)) return;
  if (master) {
    const follows = await db.follow.count({
      where: { masterAccountId, endedAt: null, follower: { userId: principal.user.id } },
    });
    if (follows > 0) return;
  }
  throw notFound('master account');
}

/** A follower account the caller may act on: operators any, a client its own. */
export async function requireFollowerAccess(
  db: Db,
  principal: Principal,
  followerAccountId: string,
): Promise<void> {
  const follower = await db.brokerAccount.findFirst({
    where: { id: followerAccountId, role: 'follower' },
    select: { userId: true },
  });
  if (follower && (seesEveryone(principal) || follower.userId === principal.user.id)) return;
  throw notFound('follower account');
}

import type { AuditEventOf } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { NotifierAudit } from '../audit/notifier-audit.ts';
import { utcDayRange } from './summary-day.ts';

type FollowSummary = AuditEventOf<'notification.daily_summary'>['payload']['follows'][number];

/** Users with an active `daily_summary` subscription. */
async function subscribers(db: Db): Promise<string[]> {
  const rows = await db.notificationSubscription.findMany({
    where: {
      kinds: { has: 'daily_summary' },
      // Webhook subscriptions count while their endpoint is active; email and web_push have none.
      OR: [{ endpoint: { status: 'active' } }, { endpointId: null }],
      user: { disabledAt: null },
    },
    select: { userId: true },
    distinct: ['userId'],
  });
  return rows.map((row) => row.userId);
}

/** The follows of the user's follower accounts that existed during the day, with the day's counts. */
async function summarise(db: Db, userId: string, from: Date, to: Date): Promise<FollowSummary[]> {
  const follows = await db.follow.findMany({
    where: {
      follower: { userId },
      createdAt: { lt: to },
      AND: [{ OR: [{ endedAt: null }, { endedAt: { gte: from } }] }],
    },
    select: { id: true, masterAccountId: true, followerAccountId: true },
    orderBy: { createdAt: 'asc' },
  });
  if (follows.length === 0) return [];
  const trades = await db.copyTrade.groupBy({
    by: ['masterAccountId', 'followerId', 'status'],
    where: { createdAt: { gte: from, lt: to }, followerId: { in: follows.map((f) => f.followerAccountId) } },
    _count: { _all: true },
  });
  const skips = await db.$queryRaw<{ follow_id: string; skips: bigint }[]>`
    SELECT payload->>'followId' AS follow_id, count(*) AS skips FROM audit_log
     WHERE type = 'copy.skipped' AND occurred_at >= ${from} AND occurred_at < ${to}
       AND payload->>'followId' = ANY(${follows.map((f) => f.id)})
     GROUP BY 1`;
  // PnL as exit-sync last read it from the exchange, per follow and symbol (a state, not the day's flow).
  const positions = await db.positionSyncStatus.findMany({
    where: { followId: { in: follows.map((f) => f.id) } },
    select: { followId: true, symbol: true, realizedPnl: true, unrealizedPnl: true },
    orderBy: { symbol: 'asc' },
  });
  const count = (follow: (typeof follows)[number], statuses: string[]) =>
    trades
      .filter(
        (row) =>
          row.masterAccountId === follow.masterAccountId &&
          row.followerId === follow.followerAccountId &&
          statuses.includes(row.status),
      )
      .reduce((sum, row) => sum + row._count._all, 0);
  return follows.map((follow) => ({
    followId: follow.id,
    masterAccountId: follow.masterAccountId,
    followerAccountId: follow.followerAccountId,
    copies: count(follow, ['accepted', 'filled']),
    rejected: count(follow, ['rejected']),
    skips: Number(skips.find((row) => row.follow_id === follow.id)?.skips ?? 0),
    pnl: positions
      .filter((position) => position.followId === follow.id)
      .map((position) => ({
        symbol: position.symbol,
        realized: position.realizedPnl?.toString() ?? null,
        unrealized: position.unrealizedPnl?.toString() ?? null,
      })),
  }));
}

/**
 * Records one `notification.daily_summary` per subscriber for the day; the feed sends it like any
 * event. Its event id names the user and the day, so a repeated run records it once.
 */
export async function recordDailySummaries(
  deps: { db: Db; audit: NotifierAudit },
  day: string,
): Promise<number> {
  const { from, to } = utcDayRange(day);
  const users = await subscribers(deps.db);
  for (const userId of users) {
    const follows = await summarise(deps.db, userId, from, to);
    await deps.audit.record('notification.daily_summary', `daily_summary:${userId}:${day}`, {
      userId,
      day,
      follows,
    });
  }
  return users.length;
}

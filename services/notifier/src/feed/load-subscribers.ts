import { type NotificationKind, notificationKind } from '@copytrade/contracts';
import type { Db, Prisma } from '@copytrade/db';
import type { Subscriber } from './subscriber.ts';

type Client = Db | Prisma.TransactionClient;

/**
 * Every subscription whose destination is active, with its owner's role, accounts and the follows
 * it is narrowed to. Disabled users get nothing. Read once per feed step, inside its transaction.
 */
export async function loadSubscribers(db: Client): Promise<Subscriber[]> {
  const rows = await db.notificationSubscription.findMany({
    // Webhook subscriptions while their endpoint is active; email and web_push name no endpoint.
    where: { OR: [{ endpoint: { status: 'active' } }, { endpointId: null }], user: { disabledAt: null } },
    select: {
      id: true,
      userId: true,
      channel: true,
      endpointId: true,
      kinds: true,
      followIds: true,
      user: { select: { role: true, accounts: { select: { id: true } } } },
    },
  });
  const followIds = [...new Set(rows.flatMap((row) => row.followIds))];
  const follows =
    followIds.length === 0
      ? []
      : await db.follow.findMany({
          where: { id: { in: followIds } },
          select: { id: true, masterAccountId: true, followerAccountId: true },
        });
  const followById = new Map(follows.map((follow) => [follow.id, follow]));
  return rows.map((row) => ({
    subscriptionId: row.id,
    userId: row.userId,
    channel: row.channel,
    // Email and web_push go to the user (their address, their browsers).
    destinationId: row.endpointId ?? row.userId,
    kinds: new Set(
      row.kinds.filter((kind): kind is NotificationKind => notificationKind.safeParse(kind).success),
    ),
    seesEveryone: row.user.role !== 'client',
    accountIds: new Set(row.user.accounts.map((account) => account.id)),
    follows: row.followIds.length === 0 ? null : row.followIds.flatMap((id) => followById.get(id) ?? []),
  }));
}

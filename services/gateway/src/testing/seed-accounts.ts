import type { Db } from '@copytrade/db';

/** A broker account straight in the database (no exchange behind it: the routes only read it). */
export async function seedBrokerAccount(
  db: Db,
  userId: string,
  role: 'master' | 'follower',
  label: string = role,
): Promise<string> {
  const account = await db.brokerAccount.create({
    data: { userId, label, role, baseUrl: 'http://127.0.0.1:1', apiKey: 'k', secretEnvelope: 'sealed' },
  });
  return account.id;
}

export async function seedFollow(db: Db, masterAccountId: string, followerAccountId: string): Promise<void> {
  await db.follow.create({
    data: { masterAccountId, followerAccountId, mode: 'multiplier', multiplier: '1' },
  });
}

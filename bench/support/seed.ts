// A master and its followers, on the simulator and in PostgreSQL, in batches: 1,000 followers must
// take seconds, not minutes.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../packages/db/src/index.ts';
import type { Vault } from '../../packages/vault/src/index.ts';
import { control } from './sim-process.ts';

export interface SimAccount {
  userId: number;
  apiKey: string;
  apiSecret: string;
}

export interface SeededAccount extends SimAccount {
  accountId: string;
}

/** Exchange accounts on the simulator, a few requests in flight at a time. */
export async function createSimAccounts(simUrl: string, count: number, usd: string): Promise<SimAccount[]> {
  const out: SimAccount[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(16, count) }, async () => {
      while (next < count) {
        const i = next++;
        out[i] = (await control(simUrl, 'POST', '/accounts', { balances: { USD: usd } })) as SimAccount;
      }
    }),
  );
  return out;
}

/** Users and broker accounts (secrets sealed as the gateway seals them), one insert per table. */
export async function seedBrokerAccounts(
  db: Db,
  vault: Vault,
  input: { role: 'master' | 'follower'; label: string; exchange: { restUrl: string; wsUrl: string } },
  accounts: SimAccount[],
): Promise<SeededAccount[]> {
  const rows = accounts.map((a, i) => ({
    ...a,
    accountId: randomUUID(),
    userUuid: randomUUID(),
    label: `${input.label}-${i}`,
  }));
  await db.user.createMany({
    data: rows.map((r) => ({ id: r.userUuid, email: `${r.label}-${r.userUuid}@bench.test`, name: r.label })),
  });
  await db.brokerAccount.createMany({
    data: rows.map((r) => ({
      id: r.accountId,
      userId: r.userUuid,
      label: r.label,
      role: input.role,
      baseUrl: input.exchange.restUrl,
      wsUrl: input.exchange.wsUrl,
      apiKey: r.apiKey,
      secretEnvelope: vault.seal(r.apiSecret, r.accountId),
    })),
  });
  return rows.map(({ userId, apiKey, apiSecret, accountId }) => ({ userId, apiKey, apiSecret, accountId }));
}

export async function seedFollows(
  db: Db,
  masterAccountId: string,
  followers: SeededAccount[],
): Promise<void> {
  await db.follow.createMany({
    data: followers.map((f) => ({
      masterAccountId,
      followerAccountId: f.accountId,
      mode: 'multiplier' as const,
      multiplier: '1',
    })),
  });
}

/**
 * Takes a finished phase out of the running system: its master stops being watched and exit-sync
 * stops reconciling its followers (a stopped follow without an end time), so later phases do not
 * carry earlier phases' load.
 */
export async function retire(db: Db, masterAccountId: string): Promise<void> {
  await db.follow.updateMany({ where: { masterAccountId }, data: { status: 'stopped' } });
  await db.brokerAccount.update({ where: { id: masterAccountId }, data: { status: 'disabled' } });
}

// Test and demo seeding: users, broker accounts on the simulator (secrets sealed by the vault),
// and follows with settings. Reused by the mapper's tests, the demo and the end-to-end tests.
import { randomBytes, randomUUID } from 'node:crypto';
import { correlationIdOf, type MasterFillJob } from '@copytrade/contracts';
import type { Db, Prisma } from '@copytrade/db';
import type { Simulator } from '@copytrade/exchange-sim';
import { createVault, parseMasterKeys, type Vault } from '@copytrade/vault';

export interface SeedContext {
  db: Db;
  vault: Vault;
  sim: Pick<Simulator, 'restUrl' | 'wsUrl' | 'control'>;
}

export interface SeededAccount {
  accountId: string;
  userId: string;
  /** The simulator's user id (for `sim.control.orders(simUserId)` and friends). */
  simUserId: number;
}

export type FollowInput = Omit<
  Prisma.FollowUncheckedCreateInput,
  'id' | 'masterAccountId' | 'followerAccountId' | 'createdAt' | 'updatedAt'
>;

/** A vault with one fresh random master key, for tests. */
export function testVault(): Vault {
  return createVault(parseMasterKeys(`k1:${randomBytes(32).toString('base64')}`, 'k1'));
}

export async function seedUser(db: Db, name = 'Test User'): Promise<string> {
  const user = await db.user.create({
    data: { email: `${randomUUID()}@example.test`, name },
  });
  return user.id;
}

/**
 * A simulator account funded with `balances` (default 10,000 USD) and its broker account row. The
 * id is chosen first so the sealed secret is bound to it.
 */
export async function seedAccount(
  ctx: SeedContext,
  options: {
    role: 'master' | 'follower';
    userId?: string;
    balances?: Record<string, string>;
    label?: string;
    status?: 'active' | 'paused' | 'disabled';
  },
): Promise<SeededAccount> {
  const userId = options.userId ?? (await seedUser(ctx.db));
  const creds = ctx.sim.control.createAccount({ balances: options.balances ?? { USD: '10000' } });
  const accountId = randomUUID();
  await ctx.db.brokerAccount.create({
    data: {
      id: accountId,
      userId,
      label: options.label ?? `${options.role}-${creds.userId}`,
      role: options.role,
      baseUrl: ctx.sim.restUrl,
      wsUrl: ctx.sim.wsUrl,
      apiKey: creds.apiKey,
      secretEnvelope: ctx.vault.seal(creds.apiSecret, accountId),
      status: options.status ?? 'active',
    },
  });
  return { accountId, userId, simUserId: creds.userId };
}

/** A follow of `masterAccountId` by `followerAccountId` (active unless `settings.status` says otherwise). */
export async function seedFollow(
  db: Db,
  masterAccountId: string,
  followerAccountId: string,
  settings: FollowInput,
): Promise<string> {
  const follow = await db.follow.create({ data: { ...settings, masterAccountId, followerAccountId } });
  return follow.id;
}

/** A master and one follower per entry, each follower following the master with its settings. */
export async function seedCopyGroup(
  ctx: SeedContext,
  options: {
    masterBalances?: Record<string, string>;
    followers: { settings: FollowInput; balances?: Record<string, string> }[];
  },
): Promise<{ master: SeededAccount; followers: (SeededAccount & { followId: string })[] }> {
  const master = await seedAccount(ctx, { role: 'master', balances: options.masterBalances });
  const followers = [];
  for (const f of options.followers) {
    const account = await seedAccount(ctx, { role: 'follower', balances: f.balances });
    followers.push({
      ...account,
      followId: await seedFollow(ctx.db, master.accountId, account.accountId, f.settings),
    });
  }
  return { master, followers };
}

/** A master fill of 1 contract bought at 60000 on BTCUSD, as the listener hands it to the mapper. */
export function masterFill(
  masterAccountId: string,
  fillId: string,
  seq: number,
  positionAfter: number,
): MasterFillJob {
  return {
    correlationId: correlationIdOf(masterAccountId, fillId),
    masterAccountId,
    fillId,
    symbol: 'BTCUSD',
    productId: 27,
    side: 'buy',
    size: 1,
    price: '60000',
    positionAfter,
    seq,
    occurredAtUs: Date.now() * 1000,
    detectedAtMs: Date.now(),
    source: 'ws',
    fillType: 'normal',
  };
}

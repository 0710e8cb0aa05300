import { ephemeralVault, seedAccount, seedFollow } from '@copytrade/accounts/testing';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowerReads } from './follower-reads.ts';

const exchange = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' };
let test: TestDatabase;
let sql: SqlPool;

beforeAll(async () => {
  test = await createTestDatabase('esreads');
  sql = createSqlPool({ databaseUrl: test.url, poolSize: 1 });
});
afterAll(async () => {
  await sql?.end();
  await test?.drop();
});

async function account(role: 'master' | 'follower', label: string) {
  const { vault } = ephemeralVault();
  const { accountId } = await seedAccount(test.db, vault, {
    role,
    label,
    exchange,
    credentials: { apiKey: `key-${label}`, apiSecret: `secret-${label}` },
  });
  return accountId;
}

const intent = (
  followerAccountId: string,
  clientOrderId: string,
  symbol: string,
  state: 'sent' | 'accepted',
) =>
  test.db.orderIntent.create({
    data: {
      clientOrderId,
      correlationId: clientOrderId,
      followerAccountId,
      symbol,
      productId: 1,
      side: 'buy',
      size: 1,
      reduceOnly: false,
      orderType: 'market_order',
      leg: 'open',
      state,
    },
  });

describe("exit-sync's reads through plain SQL", () => {
  it('give the follows Prisma gives, with their account state, and the symbols ever ordered', async () => {
    const [m1, m2, follower, other] = await Promise.all([
      account('master', 'm1'),
      account('master', 'm2'),
      account('follower', 'f'),
      account('follower', 'o'),
    ]);
    await seedFollow(test.db, {
      masterAccountId: m1,
      followerAccountId: follower,
      mode: 'multiplier',
      multiplier: '1.50',
      maxDrawdownPct: '12.5',
      dailyLossLimit: '0.0000001',
      symbolAllowList: ['BTCUSD', 'ETHUSD'],
      driftPolicy: 'alert',
      riskExitFlatten: true,
    });
    await seedFollow(test.db, {
      masterAccountId: m2,
      followerAccountId: follower,
      mode: 'fixed_lot',
      lotSize: 3,
    });
    await test.db.follow.updateMany({
      where: { masterAccountId: m2 },
      data: { unsubscribeMode: 'preserve', endedAt: new Date() },
    });
    await test.db.brokerAccount.update({
      where: { id: follower },
      data: { status: 'paused', pauseMode: 'frozen' },
    });
    await intent(follower, 'c1', 'BTCUSD', 'accepted');
    await intent(follower, 'c2', 'BTCUSD', 'sent');
    await intent(follower, 'c3', 'ETHUSD', 'accepted');
    await intent(other, 'c4', 'SOLUSD', 'sent');

    const reads = createFollowerReads(sql);
    const snapshot = await reads.snapshot(follower);
    const viaPrisma = await test.db.follow.findMany({
      where: { followerAccountId: follower },
      include: { follower: { select: { status: true, pauseMode: true } } },
      orderBy: { createdAt: 'asc' },
    });
    expect(snapshot.follows.map((r) => ({ ...r.follow, follower: r.follower }))).toEqual(viaPrisma);
    expect(snapshot.tradedSymbols.sort()).toEqual(['BTCUSD', 'ETHUSD']);
    expect(await reads.snapshot(m1)).toEqual({ follows: [], tradedSymbols: [] });

    const since = new Date(Date.now() - 60_000);
    expect(await reads.unsettledSince(follower, 'BTCUSD', since)).toBe(true);
    expect(await reads.unsettledSince(follower, 'ETHUSD', since)).toBe(false);
    expect(await reads.unsettledSince(follower, 'BTCUSD', new Date(Date.now() + 60_000))).toBe(false);
  });
});

import { randomUUID } from 'node:crypto';
import { toFollowSettings } from '@copytrade/accounts';
import { seedAccount, seedFollow } from '@copytrade/accounts/testing';
import { effectiveStatus } from '@copytrade/copy-engine';
import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testVault } from '../testing/seed.ts';
import { createFollowerDirectory } from './follower-directory.ts';

let database: TestDatabase;
let sql: SqlPool;
const exchange = { restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1' };
const credentials = { apiKey: 'key', apiSecret: 'secret' };

beforeAll(async () => {
  database = await createTestDatabase('followers');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 2 });
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

const account = (role: 'master' | 'follower', status: 'active' | 'paused' | 'disabled' = 'active') =>
  seedAccount(database.db, testVault(), { role, label: role, exchange, credentials, status });

describe('the follower directory', () => {
  it('reads each follow as Prisma would: decimals as Decimal prints them, lists, and the stricter status', async () => {
    const master = await account('master');
    const plain = await account('follower');
    const paused = await account('follower', 'paused');
    const stopped = await account('follower');
    const rich = await seedFollow(database.db, {
      masterAccountId: master.accountId,
      followerAccountId: plain.accountId,
      mode: 'multiplier',
      multiplier: '0.0000001',
      maxNotional: '1000.50',
      maxDrawdownPct: '12.5',
      dailyLossLimit: '250',
      slippageLimitPct: '0.3',
      slippageAction: 'limit',
      symbolAllowList: ['BTCUSD', 'ETHUSD'],
      symbolDenyList: ['XRPUSD'],
      driftPolicy: 'alert',
      driftTolerance: 2,
      maxCorrection: 7,
      maxPosition: 40,
      reverse: true,
      maxSignalAgeMs: 5_000,
      restingOrderTtlMs: 2_500,
    });
    const sparse = await seedFollow(database.db, {
      masterAccountId: master.accountId,
      followerAccountId: paused.accountId,
      mode: 'balance_percentage',
      balancePercentage: '2.5000',
    });
    const ended = await seedFollow(database.db, {
      masterAccountId: master.accountId,
      followerAccountId: stopped.accountId,
      mode: 'fixed_lot',
      lotSize: 3,
      status: 'stopped',
    });

    const expected = async (followId: string) => {
      const row = await database.db.follow.findUniqueOrThrow({
        where: { id: followId },
        include: { follower: true },
      });
      return {
        followId,
        followerAccountId: row.followerAccountId,
        followerUserId: row.follower.userId,
        settings: { ...toFollowSettings(row), status: effectiveStatus(row.status, row.follower) },
        maxSignalAgeMs: row.maxSignalAgeMs,
        restingOrderTtlMs: row.restingOrderTtlMs,
      };
    };
    const directory = createFollowerDirectory(sql, { ttlMs: 0, maxStaleMs: 0 });
    const active = await directory.of(master.accountId);
    // Stopped follows are left out, the rest in the order they were made.
    expect(active).toEqual([await expected(rich), await expected(sparse)]);
    expect(active[0]!.settings).toMatchObject({
      multiplier: '0.0000001',
      maxNotional: '1000.5',
      reverse: true,
    });
    expect(active[1]!.settings).toMatchObject({ balancePercentage: '2.5', status: 'close_only' });
    expect(await directory.one(ended)).toEqual(await expected(ended));
    expect(await directory.one(randomUUID())).toBeUndefined();
    expect(await directory.of(randomUUID())).toEqual([]);
  });

  it('serves a list past its time limit at once while it reloads, and a dropped list only fresh', async () => {
    const master = await account('master');
    const first = await account('follower');
    const second = await account('follower');
    const follow = (followerAccountId: string) =>
      seedFollow(database.db, { masterAccountId: master.accountId, followerAccountId, mode: 'multiplier' });
    await follow(first.accountId);
    const directory = createFollowerDirectory(sql, { ttlMs: 1, maxStaleMs: 60_000 });
    const ids = async () => (await directory.of(master.accountId)).map((f) => f.followerAccountId);
    expect(await ids()).toEqual([first.accountId]);
    await follow(second.accountId);
    await new Promise((r) => setTimeout(r, 5));
    // Past the time limit: the list read before, while the new one loads behind it.
    expect(await ids()).toEqual([first.accountId]);
    await vi.waitFor(async () => expect(await ids()).toEqual([first.accountId, second.accountId]));
    await database.db.follow.updateMany({
      where: { followerAccountId: second.accountId },
      data: { status: 'stopped' },
    });
    // A settings change drops the lists: the next read waits for a fresh one.
    directory.invalidate();
    expect(await ids()).toEqual([first.accountId]);
  });
});

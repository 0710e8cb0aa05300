import { seedFollow } from '@copytrade/accounts/testing';
import { toFollowSettings } from '@copytrade/accounts';
import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedLabelledAccount } from '../testing/seed-account.ts';
import { loadFollows } from '../handlers/load-follows.ts';
import { createFollowWrites } from './follow-writes.ts';
import { createFollowerReads, type FollowRecord, type FollowRow } from './follower-reads.ts';

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

const account = (role: 'master' | 'follower', label: string) => seedLabelledAccount(test.db, role, label);

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
    // The same follows as Prisma reads them: the settings built from either row are equal.
    const view = (follow: FollowRow | (typeof viaPrisma)[number], follower: FollowRecord['follower']) => ({
      id: follow.id,
      masterAccountId: follow.masterAccountId,
      followerAccountId: follow.followerAccountId,
      settings: toFollowSettings(follow),
      repairReopen: follow.repairReopen,
      riskExitFlatten: follow.riskExitFlatten,
      riskExit: [follow.riskExitAt, follow.riskExitReason, follow.riskExitDetail, follow.riskExitPending],
      unsubscribeMode: follow.unsubscribeMode,
      endedAt: follow.endedAt,
      follower: { status: follower.status, pauseMode: follower.pauseMode },
    });
    expect(snapshot.follows.map((r) => view(r.follow, r.follower))).toEqual(
      viaPrisma.map((row) => view(row, row.follower)),
    );
    expect(snapshot.follows[0]!.follow).toMatchObject({ multiplier: '1.5', dailyLossLimit: '0.0000001' });
    expect(snapshot.tradedSymbols.sort()).toEqual(['BTCUSD', 'ETHUSD']);
    expect(await reads.snapshot(m1)).toEqual({ follows: [], tradedSymbols: [] });

    const since = new Date(Date.now() - 60_000);
    expect(await reads.unsettledSince(follower, 'BTCUSD', since)).toBe(true);
    expect(await reads.unsettledSince(follower, 'ETHUSD', since)).toBe(false);
    expect(await reads.unsettledSince(follower, 'BTCUSD', new Date(Date.now() + 60_000))).toBe(false);

    // The fan-out's reads: the follower has a live follow and an ended one; the other has none.
    expect(await reads.followersToReconcile()).toEqual([follower]);
    expect(await reads.followersOf(m1)).toEqual([follower]);
    expect(await reads.followersOf(other)).toEqual([]);
  });

  it('stop a follow once and make an active follow close-only once, each only from the state it was decided on', async () => {
    const [master, follower] = await Promise.all([account('master', 'wm'), account('follower', 'wf')]);
    const followId = await seedFollow(test.db, {
      masterAccountId: master,
      followerAccountId: follower,
      mode: 'multiplier',
      multiplier: '1',
    });
    const writes = createFollowWrites(sql);
    const reads = createFollowerReads(sql);
    const row = () => test.db.follow.findUniqueOrThrow({ where: { id: followId } });
    const status = async () => (await row()).status;
    const exit = {
      at: new Date('2026-12-02T08:00:00.123Z'),
      reason: 'drawdown_limit',
      detail: 'drawdown 12% >= limit 10%',
    };
    expect(await writes.closeOnly(followId, exit)).toBe(true);
    // The exit is kept with the follow, pending until its event and flatten are done.
    expect(await row()).toMatchObject({
      status: 'close_only',
      riskExitAt: exit.at,
      riskExitReason: exit.reason,
      riskExitDetail: exit.detail,
      riskExitPending: true,
    });
    const [loaded] = (await loadFollows({ reads }, follower)).follows;
    expect(loaded?.pendingRiskExit).toEqual(exit);
    // Done only for the exit made at that time.
    await writes.riskExitDone(followId, new Date(exit.at.getTime() + 1));
    expect((await row()).riskExitPending).toBe(true);
    await writes.riskExitDone(followId, exit.at);
    expect((await row()).riskExitPending).toBe(false);
    expect((await loadFollows({ reads }, follower)).follows[0]?.pendingRiskExit).toBeNull();
    expect(await writes.closeOnly(followId, exit)).toBe(false);
    expect(await writes.stop(followId)).toBe(true);
    expect(await status()).toBe('stopped');
    expect(await writes.stop(followId)).toBe(false);
    expect(await writes.closeOnly(followId, exit)).toBe(false);
    expect(await status()).toBe('stopped');
  });
});

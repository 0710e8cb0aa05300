import { copyKickGroup, redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { start } from './start.ts';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { kickStreamFields, makeLeg, pushLegs, type SeededFollower } from './testing/seed.ts';

// The mapper's kicks come on a Redis stream its target step writes with the legs: the executors read
// it in one consumer group, drain each kick once, and take over what an executor that died had read.
let h: ExecutorHarness;
const wait = { timeout: 15_000, interval: 25 };

beforeAll(async () => {
  // A short heartbeat: the entries of an executor gone are claimed within a test's time.
  h = await startExecutorHarness({ env: { EXECUTOR_HEARTBEAT_TTL_MS: '600' } });
});
afterAll(async () => {
  await h?.close();
});

const ordersOf = (f: SeededFollower) => h.sim.control.orders(f.simUserId).map((o) => o.client_order_id);
const stream = () => redisKeys(h.prefix).copyKicks();
const pendingCount = async () => ((await h.redis.xpending(stream(), copyKickGroup)) as [number])[0];

describe('the kick stream', () => {
  it("drains each follower's legs once, then acknowledges and deletes its entry; no queue job", async () => {
    const followers = await Promise.all(Array.from({ length: 8 }, () => h.follower()));
    const legs = followers.map((f) => [makeLeg(f.accountId), makeLeg(f.accountId, { size: 2 })]);
    await h.sendOnStream(legs);
    await vi.waitFor(() => {
      followers.forEach((f, i) => {
        expect(ordersOf(f)).toEqual(legs[i]!.map((l) => l.clientOrderId));
      });
    }, wait);
    await vi.waitFor(async () => expect(await h.redis.xlen(stream())).toBe(0), wait);
    expect(await pendingCount()).toBe(0);
    expect(await h.metricsText()).toMatch(
      /copytrade_stream_entries\{stream="copy-kicks",state="all",service="executor"\} 0/,
    );
    expect(await h.copyQueue.getJobCounts('completed', 'waiting', 'delayed', 'failed')).toMatchObject({
      completed: 0,
      waiting: 0,
      delayed: 0,
      failed: 0,
    });
    // The same kick again (a duplicate entry) sends nothing more.
    const [first] = legs;
    await h.redis.xadd(stream(), '*', ...kickStreamFields(first!));
    await vi.waitFor(async () => expect(await h.redis.xlen(stream())).toBe(0), wait);
    expect(ordersOf(followers[0]!)).toEqual(first!.map((l) => l.clientOrderId));
  });

  it('hands a refused kick to a job of its own, which fails once, as a job of kicks does', async () => {
    const refused = await h.follower({ balances: { USD: '1' } });
    const leg = makeLeg(refused.accountId, { size: 10 });
    await h.sendOnStream([[leg]]);
    await vi.waitFor(
      async () => expect((await h.jobState(`handoff-${leg.clientOrderId}`)).state).toBe('failed'),
      wait,
    );
    expect(ordersOf(refused)).toEqual([]);
    await vi.waitFor(async () => expect(await h.redis.xlen(stream())).toBe(0), wait);
  });

  it('keeps an unreadable entry as a failed copy-orders job that names it, and goes on', async () => {
    const id = await h.redis.xadd(stream(), '*', 'kick', JSON.stringify({ followerAccountId: 'nope' }));
    expect(id).toBeTruthy();
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    await h.sendOnStream([[leg]]);
    await vi.waitFor(() => expect(ordersOf(f)).toEqual([leg.clientOrderId]), wait);
    await vi.waitFor(
      async () => expect((await h.jobState(`unreadable-kick-${id}`)).state).toBe('failed'),
      wait,
    );
    const { job } = await h.jobState(`unreadable-kick-${id}`);
    expect(job?.data).toMatchObject({ kickStreamEntry: id, error: expect.stringMatching(/symbol/) });
    await vi.waitFor(async () => expect(await h.redis.xlen(stream())).toBe(0), wait);
  });

  it('holds the kicks while the copy-orders queue is paused (Bull Board), and drains them on resume', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    await h.copyQueue.pause();
    try {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await h.sendOnStream([[leg]]);
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(ordersOf(f)).toEqual([]);
      expect(await h.redis.xlen(stream())).toBe(1);
    } finally {
      await h.copyQueue.resume();
    }
    await vi.waitFor(() => expect(ordersOf(f)).toEqual([leg.clientOrderId]), wait);
    await vi.waitFor(async () => expect(await h.redis.xlen(stream())).toBe(0), wait);
  });

  it('claims the kicks an executor that died had read, and drains them', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    // The entry was read by an executor whose heartbeat is gone (it was killed after the read): the
    // live one's own reads never see it again, only a claim does.
    await h.executor.stop();
    await pushLegs(h.redis, h.prefix, [leg]);
    await h.redis.xadd(stream(), '*', ...kickStreamFields([leg]));
    await h.redis.xreadgroup('GROUP', copyKickGroup, 'executor-gone', 'COUNT', 10, 'STREAMS', stream(), '>');
    expect(await pendingCount()).toBe(1);
    const next = await start(h.config, h.logger);
    try {
      await vi.waitFor(() => expect(ordersOf(f)).toEqual([leg.clientOrderId]), wait);
      await vi.waitFor(async () => expect(await pendingCount()).toBe(0), wait);
      const consumers = (await h.redis.xinfo('CONSUMERS', stream(), copyKickGroup)) as string[][];
      expect(consumers.map((c) => c[1])).not.toContain('executor-gone');
      expect(await h.redis.xlen(stream())).toBe(0);
    } finally {
      await next.stop();
    }
  });
});

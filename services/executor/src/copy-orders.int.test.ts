import { redisKeys } from '@copytrade/contracts';
import { watchKey } from '@copytrade/runtime/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

let h: ExecutorHarness;
const wait = { timeout: 8_000, interval: 20 };

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

async function completed(jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
}

const ordersOf = (f: SeededFollower) => h.sim.control.orders(f.simUserId);
const positionOf = (f: SeededFollower, symbol = 'BTCUSD') =>
  h.sim.control.positions(f.simUserId).find((p) => p.product_symbol === symbol)?.size ?? 0;

describe('copy-orders executor', () => {
  it('places a leg from the outbox once, records the intent and audits it', async () => {
    const f = await h.follower();
    // The master filled at 59970, the follower buys at the simulator's 60000: 5 bp worse.
    const leg = makeLeg(f.accountId, { size: 3, detectedAtMs: Date.now() - 5, masterPrice: '59970' });
    const job = await h.send([leg]);
    await completed(job.id!);
    const orders = ordersOf(f);
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      client_order_id: leg.clientOrderId,
      size: 3,
      side: 'buy',
      state: 'closed',
    });
    const intent = await h.intent(leg.clientOrderId);
    expect(intent).toMatchObject({
      state: 'accepted',
      attempts: 1,
      filledSize: 3,
      exchangeOrderId: String(orders[0]!.id),
    });
    expect(intent?.avgFillPrice?.toString()).toBe('60000');
    expect(await h.redis.llen(redisKeys(h.prefix).orderOutbox(f.accountId, 'BTCUSD'))).toBe(0);
    await vi.waitFor(async () => {
      const events = (await h.auditEvents()).filter((e) => e.accountId === f.accountId);
      expect(events.map((e) => e.type).sort()).toEqual(['order.accepted', 'order.submitted']);
      const accepted = events.find((e) => e.type === 'order.accepted');
      expect(accepted).toMatchObject({
        correlationId: leg.correlationId,
        payload: {
          followerUserId: f.userId,
          adopted: false,
          filledSize: 3,
          exchangeOrderId: String(orders[0]!.id),
          avgFillPrice: '60000',
          slippageBps: 5,
        },
      });
      expect(accepted?.type === 'order.accepted' && accepted.payload.latencyMs).toBeGreaterThanOrEqual(5);
    }, wait);
    expect(await h.metricsText()).toMatch(
      /copytrade_executor_orders_total\{[^}]*outcome="accepted"[^}]*\} 1/,
    );
    expect(await h.metricsText()).toMatch(/copytrade_copy_latency_seconds_count\{[^}]*\} 1/);
  });

  it('places a leg once whether kicked twice or re-delivered into the outbox', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    const first = await h.send([leg]);
    await h.send([leg]); // same kick id: BullMQ keeps one job; the outbox now holds the leg twice
    await completed(first.id!);
    await h.copyQueue.add('copy-orders', { ...first.data }, { jobId: 'redelivery-kick' });
    await completed('redelivery-kick');
    expect(ordersOf(f)).toHaveLength(1);
    expect(await h.redis.llen(redisKeys(h.prefix).orderOutbox(f.accountId, 'BTCUSD'))).toBe(0);
    expect((await h.intent(leg.clientOrderId))?.attempts).toBe(1);
  });

  it('executes a flip in order: the reduce-only close, then the open', async () => {
    const f = await h.follower();
    const open = makeLeg(f.accountId, { size: 2, targetAfter: 2 });
    await completed((await h.send([open])).id!);
    const close = makeLeg(f.accountId, {
      side: 'sell',
      size: 2,
      reduceOnly: true,
      leg: 'close',
      targetBefore: 2,
      targetAfter: 0,
    });
    const reopen = makeLeg(f.accountId, {
      side: 'sell',
      size: 3,
      leg: 'open',
      targetBefore: 0,
      targetAfter: -3,
    });
    await completed((await h.send([close, reopen])).id!);
    const orders = ordersOf(f).sort((a, b) => a.id - b.id);
    expect(orders.map((o) => [o.client_order_id, o.reduce_only])).toEqual([
      [open.clientOrderId, false],
      [close.clientOrderId, true],
      [reopen.clientOrderId, false],
    ]);
    expect(positionOf(f)).toBe(-3);
  });

  it('dead-letters an unreadable outbox entry and carries on with the next leg', async () => {
    const f = await h.follower();
    const outbox = redisKeys(h.prefix).orderOutbox(f.accountId, 'BTCUSD');
    await h.redis.rpush(outbox, '{"not":"a leg"}');
    const leg = makeLeg(f.accountId);
    await completed((await h.send([leg])).id!);
    expect(ordersOf(f)).toHaveLength(1);
    expect(await h.redis.lrange(`${outbox}:dead`, 0, -1)).toEqual(['{"not":"a leg"}']);
    expect(h.logLines.some((l) => l.includes('invalid outbox entry dead-lettered'))).toBe(true);
  });

  it('waits, spending no attempt, while another drainer holds the outbox lock', async () => {
    const f = await h.follower();
    const lockKey = redisKeys(h.prefix).drainLock(f.accountId, 'BTCUSD');
    await h.redis.set(lockKey, 'another-drainer', 'PX', 10_000);
    const job = await h.send([makeLeg(f.accountId)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ordersOf(f)).toHaveLength(0);
    expect((await h.jobState(job.id!)).attemptsMade).toBe(0);
    await h.redis.del(lockKey);
    await completed(job.id!);
    expect((await h.jobState(job.id!)).attemptsMade).toBe(1);
    expect(ordersOf(f)).toHaveLength(1);
    expect(await h.redis.exists(lockKey)).toBe(0);
  });

  it('reports ready when Redis and PostgreSQL answer', async () => {
    const res = await fetch(`http://127.0.0.1:${h.executor.healthPort}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ checks: { redis: 'ok', postgres: 'ok' } });
  });

  it('fails an invalid kick at once, without retries', async () => {
    await h.copyQueue.add('copy-orders', { followerAccountId: 'nope' } as never, { jobId: 'bad-kick' });
    await vi.waitFor(
      async () => expect(await h.jobState('bad-kick')).toMatchObject({ state: 'failed', attemptsMade: 1 }),
      wait,
    );
  });

  it('marks the copy path busy as it drains, so audit and exit-sync hold off', async () => {
    const watch = watchKey(h.redis, redisKeys(h.prefix).copyPathBusy());
    try {
      const f = await h.follower();
      const job = await h.send([makeLeg(f.accountId)]);
      await completed(job.id!);
      // Marked for 300 ms from the drain's start on.
      expect(watch.longestTtlMs()).toBeGreaterThan(0);
      expect(watch.longestTtlMs()).toBeLessThanOrEqual(300);
    } finally {
      await watch.stop();
    }
  });
});

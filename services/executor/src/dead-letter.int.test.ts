import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// A leg that fails on every attempt leaves the head of its outbox after the last one, so the legs
// queued behind it still go.
let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness({ env: { BREAKER_RESET_MS: '100' } });
});
afterAll(async () => {
  await h?.close();
});

describe('executor: a leg that keeps failing', () => {
  it('is dead-lettered after its attempts, audited, taken out of the target, and the next leg goes', async () => {
    const f = await h.follower();
    const followId = '3f7c0a9e-2c41-4d1e-9a55-0b8f6e1d2c33';
    const book = redisKeys(h.prefix).followerBook(f.accountId, 'BTCUSD');
    await h.redis.hset(book, { total: '3', [`${followId}:target`]: '3' });
    // A leg that fails on every attempt without the exchange being at fault (which would only make
    // it wait): its intent cannot be written (the product id overflows the column), so it is never sent.
    const stuck = makeLeg(f.accountId, { size: 2, followId, productId: 2 ** 31 });
    const next = makeLeg(f.accountId, { size: 1, followId, leg: 'increase' });
    const job = await h.send([stuck, next]);
    await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('completed'), {
      timeout: 15_000,
      interval: 50,
    });
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([next.clientOrderId]);
    const dead = await h.redis.lrange(
      `${redisKeys(h.prefix).orderOutbox(f.accountId, 'BTCUSD')}:dead`,
      0,
      -1,
    );
    expect(dead.map((e) => JSON.parse(e).clientOrderId)).toEqual([stuck.clientOrderId]);
    // Never sent: its 2 contracts leave the target.
    expect(await h.redis.hmget(book, 'total', `${followId}:target`)).toEqual(['1', '1']);
    await vi.waitFor(async () => {
      const events = await h.auditEvents();
      expect(events.find((e) => e.type === 'order.dead_lettered')?.payload).toMatchObject({
        clientOrderId: stuck.clientOrderId,
        targetTakenBack: true,
      });
    });
  }, 20_000);
});

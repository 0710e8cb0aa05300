import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('executor: the kill switch', () => {
  it('places no new order while engaged, spends no attempt, and sends once released', async () => {
    const f = await h.follower();
    const key = redisKeys(h.prefix).killSwitch();
    await h.redis.set(key, JSON.stringify({ by: 'test', at: new Date().toISOString(), reason: 'drill' }));
    const leg = makeLeg(f.accountId, { size: 2 });
    const job = await h.send([leg]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(h.sim.control.orders(f.simUserId)).toEqual([]);
    expect((await h.jobState(job.id!)).state).not.toBe('completed');
    await h.redis.del(key);
    await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('completed'), {
      timeout: 5_000,
      interval: 25,
    });
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    // One attempt: the waits under the kill switch cost none.
    expect((await h.jobState(job.id!)).attemptsMade).toBe(1);
  });
});

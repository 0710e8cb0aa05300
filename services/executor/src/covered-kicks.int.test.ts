import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// Under a sustained load a follower's next kick often arrives while this executor is still draining
// its outbox: the drain under way sends the new legs, so the kick waits for it instead of becoming a
// job of its own that polls the lock.
let h: ExecutorHarness;
const wait = { timeout: 10_000, interval: 20 };

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

async function completed(jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
  return (await h.jobState(jobId)).job;
}

const coveredCount = async () =>
  Number(
    /^copytrade_executor_kicks_covered_total(?:\{[^}]*\})? (\d+)/m.exec(await h.metricsText())?.[1] ?? 0,
  );

describe('a kick whose outbox this executor is draining', () => {
  it('waits for that drain: no job of its own, every leg sent once and in order', async () => {
    const f = await h.follower();
    const warm = makeLeg(f.accountId);
    await completed((await h.send([warm])).id!); // the account's client and connection
    h.sim.control.injectFault({
      kind: 'latency',
      ms: 800,
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const lockKey = redisKeys(h.prefix).drainLock(f.accountId, 'BTCUSD');
    const first = makeLeg(f.accountId);
    const firstJob = await h.sendBatch([[first]]);
    // The first drain holds the lock while its order waits at the exchange.
    await vi.waitFor(async () => expect(await h.redis.exists(lockKey)).toBe(1), wait);
    const coveredBefore = await coveredCount();
    const second = makeLeg(f.accountId, { size: 2 });
    const secondJob = await h.sendBatch([[second]]);
    const third = makeLeg(f.accountId, { size: 3 });
    const thirdJob = await h.send([third]);

    expect((await completed(firstJob.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 0 });
    expect((await completed(secondJob.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 0 });
    const thirdDone = await completed(thirdJob.id!);
    // Not moved to wait and tried again: one attempt, no job of its own for the batch's kick.
    expect(thirdDone?.attemptsMade).toBe(1);
    expect((await h.jobState(`handoff-${second.clientOrderId}`)).state).toBe('missing');
    expect(await coveredCount()).toBe(coveredBefore + 2);
    // The exchange's own record: each leg once, in the outbox's order.
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual(
      [warm, first, second, third].map((l) => l.clientOrderId),
    );
    expect(h.sim.control.positions(f.simUserId).map((p) => Number(p.size))).toEqual([7]);
    expect(await h.redis.exists(lockKey)).toBe(0);
  }, 20_000);
});

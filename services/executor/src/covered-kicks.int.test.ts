import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { kickBatch, makeLeg } from './testing/seed.ts';

// Under a sustained load a follower's next kick often arrives while this executor is still draining
// its outbox: the drain under way sends the new legs, so the kick waits for it instead of becoming a
// job of its own that polls the lock; for a while only, so a slow drain holds no job for long.
const wait = { timeout: 10_000, interval: 20 };

async function completed(h: ExecutorHarness, jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
  return (await h.jobState(jobId)).job;
}

const coveredCount = async (h: ExecutorHarness) =>
  Number(
    /^copytrade_executor_kicks_covered_total(?:\{[^}]*\})? (\d+)/m.exec(await h.metricsText())?.[1] ?? 0,
  );

/** A follower whose next `count` orders wait `latencyMs` at the exchange, and its drain lock's key. */
async function slowFirstOrder(h: ExecutorHarness, latencyMs: number, count = 1) {
  const f = await h.follower();
  const warm = makeLeg(f.accountId);
  await completed(h, (await h.send([warm])).id!); // the account's client and connection
  h.sim.control.injectFault({
    kind: 'latency',
    ms: latencyMs,
    scope: { userId: f.simUserId, route: 'POST /v2/orders', count },
  });
  return { f, warm, lockKey: redisKeys(h.prefix).drainLock(f.accountId, 'BTCUSD') };
}

describe('a kick whose outbox this executor is draining', () => {
  let h: ExecutorHarness;
  beforeAll(async () => {
    // A wait longer than the slow order, so the kicks are covered however slowly the test runs.
    h = await startExecutorHarness({ env: { EXECUTOR_COVERED_WAIT_MS: '5000' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('waits for that drain: no job of its own, every leg sent once and in order', async () => {
    const { f, warm, lockKey } = await slowFirstOrder(h, 800);
    const first = makeLeg(f.accountId);
    const firstJob = await h.sendBatch([[first]]);
    // The first drain holds the lock while its order waits at the exchange.
    await vi.waitFor(async () => expect(await h.redis.exists(lockKey)).toBe(1), wait);
    const coveredBefore = await coveredCount(h);
    const second = makeLeg(f.accountId, { size: 2 });
    const secondJob = await h.sendBatch([[second]]);
    const third = makeLeg(f.accountId, { size: 3 });
    const thirdJob = await h.send([third]);

    expect((await completed(h, firstJob.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 0 });
    expect((await completed(h, secondJob.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 0 });
    const thirdDone = await completed(h, thirdJob.id!);
    // Not moved to wait and tried again: one attempt, no job of its own for the batch's kick.
    expect(thirdDone?.attemptsMade).toBe(1);
    expect((await h.jobState(`handoff-${second.clientOrderId}`)).state).toBe('missing');
    expect(await coveredCount(h)).toBe(coveredBefore + 2);
    // The exchange's own record: each leg once, in the outbox's order.
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual(
      [warm, first, second, third].map((l) => l.clientOrderId),
    );
    expect(h.sim.control.positions(f.simUserId).map((p) => Number(p.size))).toEqual([7]);
    expect(await h.redis.exists(lockKey)).toBe(0);
  }, 20_000);

  it('answers once its own legs are settled, while the drain goes on with the next', async () => {
    const { f, warm, lockKey } = await slowFirstOrder(h, 600, 2);
    const first = makeLeg(f.accountId);
    const second = makeLeg(f.accountId, { size: 2 });
    const drainJob = await h.sendBatch([[first, second]]);
    await vi.waitFor(async () => expect(await h.redis.exists(lockKey)).toBe(1), wait);
    // A second kick of the first leg alone (a kick sent again): covered by the drain under way.
    const again = await kickBatch(h.copyQueue, [[first]], `again-${first.clientOrderId}`);
    expect((await completed(h, again.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 0 });
    // Answered when the first leg was settled: the drain is still waiting on the second's order.
    expect((await h.jobState(drainJob.id!)).state).toBe('active');
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).not.toContain(
      second.clientOrderId,
    );
    await completed(h, drainJob.id!);
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual(
      [warm, first, second].map((l) => l.clientOrderId),
    );
  }, 20_000);
});

describe('a kick covered by a drain stalled on a slow order', () => {
  // Longer than the default (250 ms), so that the margins below hold on a loaded machine: CI saw a
  // leg settle more than 100 ms late (its 150 ms order against a 250 ms wait), then more than 400 ms
  // late (600 ms against 1 s), while tests ran beside it.
  const waitMs = 2_000;
  let h: ExecutorHarness;
  beforeAll(async () => {
    // The broker's timeout stays above the first test's slow order (the wait and a second).
    h = await startExecutorHarness({
      env: { EXECUTOR_COVERED_WAIT_MS: String(waitMs), BROKER_TIMEOUT_MS: '5000' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('waits only so long, then goes to a job of its own as before', async () => {
    // Longer than the wait, shorter than the broker's timeout: the first order is slow, not lost.
    const { f, warm, lockKey } = await slowFirstOrder(h, waitMs + 1_000);
    const first = makeLeg(f.accountId);
    const firstSentAt = Date.now();
    const firstJob = await h.sendBatch([[first]]);
    await vi.waitFor(async () => expect(await h.redis.exists(lockKey)).toBe(1), wait);
    const second = makeLeg(f.accountId, { size: 2 });
    const secondJob = await h.sendBatch([[second]]);
    // The batch is not held until the slow order returns: once the drain has settled nothing for the
    // wait, its kick is handed over.
    expect((await completed(h, secondJob.id!))?.returnvalue).toEqual({ kicks: 1, handedOff: 1 });
    expect(Date.now() - firstSentAt).toBeGreaterThanOrEqual(waitMs);
    expect((await h.jobState(firstJob.id!)).state).toBe('active');
    await completed(h, firstJob.id!);
    await completed(h, `handoff-${second.clientOrderId}`);
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual(
      [warm, first, second].map((l) => l.clientOrderId),
    );
  }, 20_000);

  it('waits as long as the drain keeps settling legs, however long that takes in all', async () => {
    // Four orders, each well within the wait, together well beyond it.
    const eachMs = Math.round(waitMs * 0.4);
    const { f, warm, lockKey } = await slowFirstOrder(h, eachMs, 4);
    const legs = [1, 2, 3, 4].map((size) => makeLeg(f.accountId, { size }));
    const drainJob = await h.sendBatch([legs.slice(0, 3)]);
    await vi.waitFor(async () => expect(await h.redis.exists(lockKey)).toBe(1), wait);
    const last = await h.sendBatch([[legs[3]!]]);
    // Why a kick was handed over, should it be: the drain's log says.
    const handOffs = () => h.logLines.filter((line) => /handed to its own job|drain failed/.test(line));
    expect((await completed(h, last.id!))?.returnvalue, handOffs().join('\n')).toEqual({
      kicks: 1,
      handedOff: 0,
    });
    await completed(h, drainJob.id!);
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual(
      [warm, ...legs].map((l) => l.clientOrderId),
    );
  }, 20_000);
});

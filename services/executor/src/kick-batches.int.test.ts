import { copyOrderKicksJobName } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

// A fan-out's batch of kicks in one job: every follower's legs go out once, and a follower whose
// drain does not end cleanly is handed to a job of its own that waits, retries or fails as a single
// kick does, without holding up or repeating anyone else.
let h: ExecutorHarness;
const wait = { timeout: 15_000, interval: 25 };

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

const ordersOf = (f: SeededFollower) => h.sim.control.orders(f.simUserId).map((o) => o.client_order_id);

async function completed(jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
  return (await h.jobState(jobId)).job;
}

describe('a batch of kicks', () => {
  it('drains every follower of the batch, one order per leg, in one job', async () => {
    const followers = await Promise.all(Array.from({ length: 12 }, () => h.follower()));
    const legs = followers.map((f) => [makeLeg(f.accountId), makeLeg(f.accountId, { size: 2 })]);
    const job = await h.sendBatch(legs);
    expect((await completed(job.id!))?.returnvalue).toEqual({ kicks: 12, handedOff: 0 });
    followers.forEach((f, i) => {
      expect(ordersOf(f)).toEqual(legs[i]!.map((l) => l.clientOrderId));
    });
    // No job of its own for anyone: the batch was the only job.
    expect(await h.copyQueue.getJobCounts('completed', 'waiting', 'delayed', 'failed')).toMatchObject({
      completed: 1,
      waiting: 0,
      delayed: 0,
      failed: 0,
    });
  });

  it('sends nothing twice when the same kicks run again (a batch re-run after a crash)', async () => {
    const followers = await Promise.all(Array.from({ length: 6 }, () => h.follower()));
    const legs = followers.map((f) => [makeLeg(f.accountId)]);
    const first = await h.sendBatch(legs, 'kicks-first');
    const again = await h.copyQueue.add(copyOrderKicksJobName, first.data, { jobId: 'kicks-again' });
    await completed(first.id!);
    await completed(again.id!);
    followers.forEach((f, i) => {
      expect(ordersOf(f)).toEqual([legs[i]![0]!.clientOrderId]);
    });
  });

  it('hands a rate-limited and a refused follower to jobs of their own; the rest go at once', async () => {
    const limited = await h.follower();
    const refused = await h.follower({ balances: { USD: '1' } });
    const others = await Promise.all(Array.from({ length: 4 }, () => h.follower()));
    const warm = await h.sendBatch(others.map((f) => [makeLeg(f.accountId)])); // connections, accounts
    await completed(warm.id!);
    const STORM_MS = 1_500;
    const stormEndsAt = Date.now() + STORM_MS;
    h.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: STORM_MS,
      scope: { userId: limited.simUserId },
    });
    const limitedLeg = makeLeg(limited.accountId);
    const refusedLeg = makeLeg(refused.accountId, { size: 10 });
    const otherLegs = others.map((f) => makeLeg(f.accountId));
    const batch = await h.sendBatch([[limitedLeg], [refusedLeg], ...otherLegs.map((l) => [l])]);
    expect((await completed(batch.id!))?.returnvalue).toEqual({ kicks: 6, handedOff: 2 });
    // The others did not wait for the storm.
    expect(Date.now()).toBeLessThan(stormEndsAt);
    others.forEach((f, i) => {
      expect(ordersOf(f)).toContain(otherLegs[i]!.clientOrderId);
    });
    // The refusal fails its own job once, as a single kick's would.
    await vi.waitFor(
      async () => expect((await h.jobState(`handoff-${refusedLeg.clientOrderId}`)).state).toBe('failed'),
      wait,
    );
    expect((await h.jobState(`handoff-${refusedLeg.clientOrderId}`)).attemptsMade).toBe(1);
    expect(ordersOf(refused)).toEqual([]);
    expect(await h.intent(refusedLeg.clientOrderId)).toMatchObject({ state: 'rejected', attempts: 1 });
    // The limited follower's order goes out once, after the reset, from its own job.
    await completed(`handoff-${limitedLeg.clientOrderId}`);
    const orders = h.sim.control.orders(limited.simUserId);
    expect(orders.map((o) => o.client_order_id)).toEqual([limitedLeg.clientOrderId]);
    expect(Number(orders[0]!.created_at) / 1_000).toBeGreaterThanOrEqual(stormEndsAt);
  });

  it('fails a batch whose payload is not valid, naming the field', async () => {
    const job = await h.copyQueue.add(
      copyOrderKicksJobName,
      { correlationId: 'mf_bad', kicks: [{ followerAccountId: 'nope', symbol: 'BTCUSD' }] },
      { jobId: 'kicks-bad' },
    );
    await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('failed'), wait);
    const { job: failed, attemptsMade } = await h.jobState(job.id!);
    expect(attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/invalid copy-order kicks job[\s\S]*followerAccountId/);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { startRecordingProxy } from './testing/recording-proxy.ts';
import { makeLeg, seedFollower } from './testing/seed.ts';

// Permanent refusals fail once; 429 waits without using an attempt or knocking on the window.
let h: ExecutorHarness;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;
const wait = { timeout: 10_000, interval: 25 };

beforeAll(async () => {
  h = await startExecutorHarness();
  proxy = await startRecordingProxy(h.sim.restUrl);
});
afterAll(async () => {
  await h?.close();
  await proxy?.close();
});

async function settled(jobId: string, state: 'completed' | 'failed') {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe(state), wait);
  return h.jobState(jobId);
}

describe('executor on refusals and rate limits', () => {
  it('fails a permanent rejection after one attempt, audited with Delta’s code', async () => {
    const f = await h.follower({ balances: { USD: '1' } });
    const leg = makeLeg(f.accountId, { size: 10 });
    const { attemptsMade, job } = await settled((await h.send([leg])).id!, 'failed');
    expect(attemptsMade).toBe(1);
    expect(job?.failedReason).toContain(leg.clientOrderId);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(0);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({
      state: 'rejected',
      attempts: 1,
      errorCode: 'insufficient_margin',
    });
    await vi.waitFor(async () => {
      const rejected = (await h.auditEvents()).find(
        (e) => e.type === 'order.rejected' && e.accountId === f.accountId,
      );
      expect(rejected?.payload).toMatchObject({
        clientOrderId: leg.clientOrderId,
        code: 'insufficient_margin',
        followerUserId: f.userId,
      });
    }, wait);
  });

  it('drains the rest of the outbox before failing the job for its own rejected leg', async () => {
    const f = await h.follower();
    const doomed = makeLeg(f.accountId, { side: 'sell', reduceOnly: true, leg: 'reduce' });
    const next = makeLeg(f.accountId);
    await settled((await h.send([doomed, next])).id!, 'failed');
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([next.clientOrderId]);
    expect(await h.intent(doomed.clientOrderId)).toMatchObject({
      state: 'rejected',
      errorCode: 'reduce_only_order_would_increase_position',
    });
    expect(await h.intent(next.clientOrderId)).toMatchObject({ state: 'accepted' });
  });

  it('waits out a 429 storm without an attempt and without sending inside the window', async () => {
    const f = await seedFollower(h.db, h.vault, { ...h.sim, restUrl: proxy.url });
    h.sim.control.injectFault({ kind: 'rate_limit_storm', durationMs: 600, scope: { userId: f.simUserId } });
    const leg = makeLeg(f.accountId);
    const { attemptsMade } = await settled((await h.send([leg])).id!, 'completed');
    expect(attemptsMade).toBe(1);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    const posts = proxy.requests.filter((r) => r.method === 'POST' && r.path === '/v2/orders');
    const first = posts[0];
    expect(first?.status).toBe(429);
    const windowEnds = first!.at + first!.resetMs!;
    expect(posts.slice(1).every((r) => r.at >= windowEnds - 5)).toBe(true);
    expect(posts.at(-1)?.status).toBe(200);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted' });
    await vi.waitFor(async () => {
      const limited = (await h.auditEvents()).filter(
        (e) => e.type === 'executor.rate_limited' && e.accountId === f.accountId,
      );
      expect(limited.length).toBeGreaterThanOrEqual(1);
    }, wait);
  });
});

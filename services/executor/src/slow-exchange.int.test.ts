import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// An exchange slower than our timeout: the request goes on executing after we gave up on it. The
// executor must not take "not found yet" for "never will be", so each leg is one order on the
// exchange. The simulator finds only open orders by client order id here, as Delta may.
let h: ExecutorHarness;
const wait = { timeout: 15_000, interval: 50 };

beforeAll(async () => {
  h = await startExecutorHarness({
    env: { BROKER_TIMEOUT_MS: '600', BREAKER_RESET_MS: '200' },
    sim: { clientOrderIdLookup: 'open' },
  });
});
afterAll(async () => {
  await h?.close();
});

async function finished(jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
}

describe.concurrent('executor against an exchange slower than its timeout', () => {
  it('a latency fault longer than the broker timeout places one order, adopted once it shows', async () => {
    const f = await h.follower();
    h.sim.control.injectFault({
      kind: 'latency',
      ms: 1_500,
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const leg = makeLeg(f.accountId, { size: 3 });
    const sent = Date.now();
    await finished((await h.send([leg])).id!);
    // Whatever the executor did, the delayed request has executed by now.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, sent + 2_500 - Date.now())));
    const orders = h.sim.control.orders(f.simUserId);
    expect(orders.map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    expect(h.sim.control.positions(f.simUserId).map((p) => Number(p.size))).toEqual([3]);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'resolved', filledSize: 3 });
  }, 20_000);

  it('a hang released after the client gave up executes once; the executor adopts it', async () => {
    const f = await h.follower();
    const fault = h.sim.control.injectFault({
      kind: 'hang',
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const leg = makeLeg(f.accountId, { size: 2 });
    const job = await h.send([leg]);
    // Released well inside the signature window, long after the 600 ms timeout.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    h.sim.control.clearFault(fault);
    await finished(job.id!);
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    expect(h.sim.control.positions(f.simUserId).map((p) => Number(p.size))).toEqual([2]);
  }, 20_000);

  it('a hang never released: the order is resent once its first signature expired, and placed once', async () => {
    const f = await h.follower();
    h.sim.control.injectFault({
      kind: 'hang',
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const leg = makeLeg(f.accountId, { size: 1 });
    const started = Date.now();
    await finished((await h.send([leg])).id!);
    expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted', attempts: 2 });
  }, 20_000);
});

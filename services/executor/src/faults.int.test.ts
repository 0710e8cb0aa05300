import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

// Unknown outcomes and 5xx: every case ends with exactly one order on the exchange.
let h: ExecutorHarness;
const followers: SeededFollower[] = [];
const wait = { timeout: 10_000, interval: 25 };

beforeAll(async () => {
  // A short open period: failures from several tests share this host's circuit.
  h = await startExecutorHarness({ env: { BREAKER_RESET_MS: '200' } });
});
afterAll(async () => {
  await h?.close();
});

async function follower() {
  const f = await h.follower();
  followers.push(f);
  return f;
}

async function finished(jobId: string) {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe('completed'), wait);
  return h.jobState(jobId);
}

const eventsOf = async (cid: string) =>
  (await h.auditEvents()).filter((e) => 'clientOrderId' in e.payload && e.payload.clientOrderId === cid);

describe('executor under broker faults', () => {
  it('adopts an order whose response was dropped instead of sending it again', async () => {
    const f = await follower();
    h.sim.control.injectFault({
      kind: 'drop_response',
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const leg = makeLeg(f.accountId);
    const { attemptsMade } = await finished((await h.send([leg])).id!);
    expect(attemptsMade).toBe(1);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    const intent = await h.intent(leg.clientOrderId);
    expect(intent).toMatchObject({ state: 'resolved', attempts: 1, filledSize: 1 });
    await vi.waitFor(async () => {
      const events = await eventsOf(leg.clientOrderId);
      expect(events.map((e) => e.type).sort()).toEqual([
        'order.accepted',
        'order.submitted',
        'order.unknown',
      ]);
      expect(events.find((e) => e.type === 'order.accepted')?.payload).toMatchObject({ adopted: true });
    }, wait);
  });

  it('treats a 500 after processing as unknown: looked up and adopted, never doubled', async () => {
    const f = await follower();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 500,
      rate: 1,
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 2 },
    });
    const leg = makeLeg(f.accountId, { size: 2 });
    await finished((await h.send([leg])).id!);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({
      state: 'resolved',
      attempts: 1,
      filledSize: 2,
    });
  });

  it('resends a 502 that was not processed only once its signature expired and nothing holds it', async () => {
    const f = await follower();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 502,
      processed: false,
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    const leg = makeLeg(f.accountId);
    const sent = Date.now();
    const job = await h.send([leg]);
    await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('completed'), {
      ...wait,
      timeout: 15_000,
    });
    expect(Date.now() - sent).toBeGreaterThanOrEqual(5_000);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted', attempts: 2 });
  }, 20_000);

  it('retries a 503 (refused before processing) with the queue backoff', async () => {
    const f = await follower();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      scope: { userId: f.simUserId, route: 'POST /v2/orders', count: 2 },
    });
    const leg = makeLeg(f.accountId);
    const { attemptsMade } = await finished((await h.send([leg])).id!);
    expect(attemptsMade).toBe(3);
    expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted', attempts: 3 });
    await vi.waitFor(async () => {
      const retrying = (await eventsOf(leg.clientOrderId)).filter((e) => e.type === 'order.retrying');
      expect(retrying.map((e) => e.type === 'order.retrying' && e.payload.kind)).toEqual([
        'transient',
        'transient',
      ]);
    }, wait);
  });

  it('never lets a follower secret reach logs, job data, audit events or metrics', async () => {
    expect(followers.length).toBeGreaterThan(0);
    await vi.waitFor(async () => expect((await h.auditEvents()).length).toBeGreaterThan(8), wait);
    const jobs = await h.copyQueue.getJobs(['completed', 'failed', 'waiting', 'delayed', 'active']);
    const haystacks = {
      logs: h.logLines.join('\n'),
      jobs: JSON.stringify(
        jobs.map((j) => ({ data: j.data, failedReason: j.failedReason, returnvalue: j.returnvalue })),
      ),
      audit: JSON.stringify(await h.auditEvents()),
      metrics: await h.metricsText(),
    };
    expect(haystacks.logs.length).toBeGreaterThan(0);
    for (const f of followers) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(f.apiSecret), `secret found in ${where}`).toBe(false);
      }
    }
  });
});

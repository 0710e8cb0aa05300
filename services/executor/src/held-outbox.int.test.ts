import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

// Exit-sync holds a follower's drain lock while it reads the position (one exchange read): a kick
// that meets the hold looks again in process until it ends (EXECUTOR_HELD_WAIT_MS), instead of
// waiting in a delayed job of its own, which cost the copy tens of milliseconds.
let h: ExecutorHarness;
const HELD_WAIT_MS = 1_000;
const wait = { timeout: 15_000, interval: 10 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  h = await startExecutorHarness({ env: { EXECUTOR_HELD_WAIT_MS: String(HELD_WAIT_MS) } });
});
afterAll(async () => {
  await h?.close();
});

const ordersOf = (f: SeededFollower) => h.sim.control.orders(f.simUserId).map((o) => o.client_order_id);

/** Takes the drain lock as exit-sync does (a value naming no executor); the release deletes it. */
async function holdAsExitSync(f: SeededFollower): Promise<() => Promise<void>> {
  const key = redisKeys(h.prefix).drainLock(f.accountId, 'BTCUSD');
  expect(await h.redis.set(key, 'exit-sync-test', 'PX', 10_000, 'NX')).toBe('OK');
  return async () => {
    await h.redis.del(key);
  };
}

const holds = async (outcome: string) =>
  Number(
    new RegExp(
      `copytrade_executor_outbox_holds_total\\{outcome="${outcome}",service="executor"\\} (\\d+)`,
    ).exec(await h.metricsText())?.[1] ?? 0,
  );

/** How often the queue's event stream says this job was moved to the delayed set. */
async function delayedEventsOf(jobId: string): Promise<number> {
  const events = (await h.redis.xrange(`${h.prefix}:copy-orders:events`, '-', '+')) as [string, string[]][];
  return events.filter(([, fields]) => {
    const event = Object.fromEntries(fields.flatMap((v, i) => (i % 2 === 0 ? [[v, fields[i + 1]]] : [])));
    return event.event === 'delayed' && event.jobId === jobId;
  }).length;
}

const jobCounts = () => h.copyQueue.getJobCounts('completed', 'waiting', 'delayed', 'failed', 'active');

describe('a kick whose outbox another process holds', () => {
  it('is drained in process once the hold ends, with no job of its own', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    const drainedBefore = await holds('drained');
    const release = await holdAsExitSync(f);
    await h.sendOnStream([[leg]]);
    await sleep(150);
    expect(ordersOf(f)).toEqual([]);
    await release();
    await vi.waitFor(() => expect(ordersOf(f)).toEqual([leg.clientOrderId]), wait);
    expect(await jobCounts()).toMatchObject({ completed: 0, waiting: 0, delayed: 0, failed: 0, active: 0 });
    await vi.waitFor(async () => expect(await holds('drained')).toBe(drainedBefore + 1), wait);
    expect((await h.intent(leg.clientOrderId))?.state).toBe('accepted');
  });

  it('waits in its job only while the hold outlasts the wait, and is sent once when it ends', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    const stillHeldBefore = await holds('still_held');
    const release = await holdAsExitSync(f);
    await h.sendOnStream([[leg]]);
    await vi.waitFor(async () => expect(await holds('still_held')).toBeGreaterThan(stillHeldBefore), wait);
    expect((await h.jobState(`handoff-${leg.clientOrderId}`)).state).not.toBe('missing');
    expect(ordersOf(f)).toEqual([]);
    await release();
    await vi.waitFor(
      async () => expect((await h.jobState(`handoff-${leg.clientOrderId}`)).state).toBe('completed'),
      wait,
    );
    expect(ordersOf(f)).toEqual([leg.clientOrderId]);
  });

  it("a single kick's job looks again in process too, not moved to the delayed set", async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId);
    const release = await holdAsExitSync(f);
    const job = await h.send([leg]);
    await vi.waitFor(async () => expect(await job.getState()).toBe('active'), wait);
    await sleep(150);
    expect(ordersOf(f)).toEqual([]);
    await release();
    await vi.waitFor(async () => expect(await job.getState()).toBe('completed'), wait);
    expect(ordersOf(f)).toEqual([leg.clientOrderId]);
    expect(await delayedEventsOf(job.id!)).toBe(0);
  });
});

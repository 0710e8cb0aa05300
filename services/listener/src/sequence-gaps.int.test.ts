import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});

afterEach(() => h.stopListeners());

afterAll(() => h.close());

async function watchedMaster(label: string) {
  const master = await h.newMaster(label);
  const listener = await h.startListener(label);
  await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
    timeout: 5_000,
  });
  return { master, listener };
}

/** What the jobs must be: one per exchange fill, in the exchange's order, with its position after. */
function expectedJobs(userId: number) {
  return h.exchangeFills(userId).map((f, i) => [f.fillId, i + 1, f.positionAfter]);
}

describe('listener, WebSocket sequence (`se`) gaps', () => {
  it('gap-fills the fills a hole in the sequence hides before the fill after it, even when the position adds up', async () => {
    const { master, listener } = await watchedMaster('m-se-hole');
    await master.trade('buy', 5);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(1), {
      timeout: 5_000,
    });
    // Two fills that cancel out never reach the socket: the position after the next one looks right.
    h.sim.control.injectFault({ kind: 'ws_gap', events: 2, scope: { userId: master.userId } });
    await master.trade('buy', 3);
    await master.trade('sell', 3);
    await master.trade('buy', 2);
    const last = h.exchangeFills(master.userId).at(-1)!;
    await vi.waitFor(
      async () => expect((await h.jobsFor(master.accountId)).map((j) => j.fillId)).toContain(last.fillId),
      { timeout: 5_000 },
    );
    const jobs = await h.jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual(expectedJobs(master.userId));
    expect(jobs.map((j) => j.source)).toEqual(['ws', 'rest', 'rest', 'ws']);
    expect(await listener.monitorNow(master.accountId)).toBe(0);
    expect(await h.jobsFor(master.accountId)).toHaveLength(4);
  });

  it('takes a sequence that restarts at 1 (an exchange restart) without waiting for the old numbers', async () => {
    const { master } = await watchedMaster('m-se-reset');
    // The stream before the exchange restarted had reached 40; the restarted exchange counts from 1 again.
    await h.redis.hset(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'se', '40');
    await master.trade('buy', 1);
    await master.trade('buy', 2);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(2), {
      timeout: 5_000,
    });
    const jobs = await h.jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual(expectedJobs(master.userId));
    expect(jobs.map((j) => j.source)).toEqual(['ws', 'ws']);
  });

  it('gap-fills a hole right after a sequence restart', async () => {
    const { master } = await watchedMaster('m-se-reset-hole');
    await h.redis.hset(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'se', '40');
    // The first two fills after the restart (se 1 and 2) cancel out and never reach the socket.
    h.sim.control.injectFault({ kind: 'ws_gap', events: 2, scope: { userId: master.userId } });
    await master.trade('buy', 2);
    await master.trade('sell', 2);
    await master.trade('buy', 4);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(3), {
      timeout: 5_000,
    });
    const jobs = await h.jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual(expectedJobs(master.userId));
    expect(jobs.map((j) => j.source)).toEqual(['rest', 'rest', 'ws']);
    expect(jobs.at(-1)?.positionAfter).toBe(h.exchangePosition(master.userId));
  });
});

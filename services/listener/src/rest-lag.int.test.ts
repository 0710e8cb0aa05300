import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

// REST lists a fill only this long after it happened; the WebSocket has it at once.
const restLagMs = 1_500;
let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness({ restFillsLagMs: restLagMs });
});

afterEach(() => h.stopListeners());

afterAll(() => h.close());

describe('listener, REST lagging the WebSocket', () => {
  it('never counts a fill twice that a resync to the exchange position already took in', async () => {
    const master = await h.newMaster('m-lag');
    const listener = await h.startListener('lag');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    await master.trade('buy', 5);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(1), {
      timeout: 5_000,
    });
    // A never reaches the socket; B does, with a position after it that includes A. REST does not
    // list A yet, so B is applied on the exchange's position.
    h.sim.control.injectFault({ kind: 'ws_gap', events: 1, scope: { userId: master.userId } });
    await master.trade('buy', 3);
    await master.trade('buy', 2);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(2), {
      timeout: 5_000,
    });
    const [, missed, seenAfter] = h.exchangeFills(master.userId);
    // Now REST lists A: it is recorded, but it is older than the position B reported.
    await new Promise((resolve) => setTimeout(resolve, restLagMs + 200));
    expect(await listener.monitorNow(master.accountId)).toBe(0);
    await master.trade('sell', 10);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(3), {
      timeout: 5_000,
    });
    await new Promise((resolve) => setTimeout(resolve, restLagMs + 200));
    expect(await listener.monitorNow(master.accountId)).toBe(0);

    const jobs = await h.jobsFor(master.accountId);
    const exchange = new Map(h.exchangeFills(master.userId).map((f) => [f.fillId, f.positionAfter]));
    // Every job carries the exchange's own position after its fill; A has none.
    expect(jobs.map((j) => [j.seq, j.positionAfter])).toEqual(
      jobs.map((j, i) => [i + 1, exchange.get(j.fillId)]),
    );
    expect(jobs.map((j) => j.fillId)).not.toContain(missed!.fillId);
    expect(jobs.map((j) => j.fillId)).toContain(seenAfter!.fillId);
    expect(jobs.at(-1)?.positionAfter).toBe(h.exchangePosition(master.userId));
    expect(await h.redis.hget(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'pos')).toBe('0');
    // A is on record all the same.
    // Its row follows the jobs, a moment later at most.
    const rowIds = async () =>
      (await h.test.db.masterFill.findMany({ where: { accountId: master.accountId } }))
        .map((r) => r.fillId)
        .sort();
    await expect.poll(rowIds, { timeout: 5_000 }).toEqual([...exchange.keys()].sort());
  });
});

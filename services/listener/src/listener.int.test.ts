import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;
const newMaster = (label: string) => h.newMaster(label);
const startListener = (replica: string, overrides?: Record<string, string>) =>
  h.startListener(replica, overrides);
const jobsFor = (accountId: string) => h.jobsFor(accountId);

beforeAll(async () => {
  h = await createListenerHarness();
});

// Replicas of one test must not compete for the next test's masters.
afterEach(() => h.stopListeners());

afterAll(() => h.close());

describe('listener', () => {
  it('turns each master fill into one job carrying the sequence and the position after it', async () => {
    const master = await newMaster('m-basic');
    const listener = await startListener('basic');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    await master.trade('buy', 10);
    await master.trade('buy', 5);
    await master.trade('sell', 20);
    await master.trade('buy', 3, 'ETHUSD');
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(4), { timeout: 5_000 });
    const jobs = await jobsFor(master.accountId);
    const btc = jobs.filter((j) => j.symbol === 'BTCUSD');
    expect(btc.map((j) => [j.seq, j.positionAfter])).toEqual([
      [1, 10],
      [2, 15],
      [3, -5],
    ]);
    expect(jobs.find((j) => j.symbol === 'ETHUSD')).toMatchObject({ seq: 1, positionAfter: 3, source: 'ws' });
    // The job goes first; the fill's row follows it.
    await expect
      .poll(() => h.test.db.masterFill.count({ where: { accountId: master.accountId } }), { timeout: 5_000 })
      .toBe(4);
  });

  it('hands a master’s next fill on while the one before is still being recorded, then records both', async () => {
    const master = await newMaster('m-record');
    // Each fill's record (its audit event, then its row) waits out a long linger.
    const listener = await startListener('record', { EVENT_LINGER_MS: '5000' });
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    const rows = () => h.test.db.masterFill.count({ where: { accountId: master.accountId } });
    await master.trade('buy', 2);
    await master.trade('buy', 3);
    // Both reach the mapper's stream while the first is still being recorded.
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(2), { timeout: 4_000 });
    expect(await rows()).toBe(0);
    expect((await jobsFor(master.accountId)).map((j) => j.positionAfter)).toEqual([2, 5]);
    await expect.poll(rows, { timeout: 15_000 }).toBe(2);
  });

  it('copies a fill seen on both the WebSocket and REST once', async () => {
    const master = await newMaster('m-both');
    const listener = await startListener('both');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    await master.trade('buy', 7);
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(1), { timeout: 5_000 });
    expect(await listener.monitorNow(master.accountId)).toBe(0);
    expect(await jobsFor(master.accountId)).toHaveLength(1);
    expect(await h.test.db.masterFill.count({ where: { accountId: master.accountId } })).toBe(1);
  });

  it('finds fills the WebSocket missed through REST, in order', async () => {
    const master = await newMaster('m-gap');
    const listener = await startListener('gap');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    // A silent gap: the exchange sends nothing for the next two fills.
    h.sim.control.injectFault({ kind: 'ws_gap', events: 2, scope: { userId: master.userId } });
    await master.trade('buy', 4);
    await master.trade('buy', 6);
    expect(await listener.monitorNow(master.accountId)).toBe(2);
    await master.trade('sell', 10);
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(3), { timeout: 5_000 });
    const jobs = await jobsFor(master.accountId);
    expect(jobs.map((j) => [j.seq, j.positionAfter, j.source])).toEqual([
      [1, 4, 'rest'],
      [2, 10, 'rest'],
      [3, 0, 'ws'],
    ]);
  });

  it('reads every REST page of a long gap, in order, and moves the cursor onto the newest fill', async () => {
    const master = await newMaster('m-pages');
    const listener = await startListener('pages', { GAP_FILL_PAGE_SIZE: '3' });
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    h.sim.control.injectFault({ kind: 'ws_gap', events: 10, scope: { userId: master.userId } });
    for (const [side, size] of [
      ['buy', 4],
      ['buy', 1],
      ['sell', 7],
      ['buy', 2],
      ['sell', 1],
      ['buy', 9],
      ['sell', 3],
      ['buy', 1],
      ['sell', 2],
      ['buy', 5],
    ] as const) {
      await master.trade(side, size);
    }
    const before = await h.test.db.listenerCursor.findUnique({ where: { accountId: master.accountId } });
    // A read that fails applies nothing and leaves the cursor where it was.
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      scope: { userId: master.userId, route: 'GET /v2/fills', count: 1 },
    });
    await expect(listener.monitorNow(master.accountId)).rejects.toThrow();
    expect(await jobsFor(master.accountId)).toEqual([]);
    expect(await h.test.db.listenerCursor.findUnique({ where: { accountId: master.accountId } })).toEqual(
      before,
    );
    expect(await listener.monitorNow(master.accountId)).toBe(10);
    const exchange = h.exchangeFills(master.userId);
    const jobs = await jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual(
      exchange.map((f, i) => [f.fillId, i + 1, f.positionAfter]),
    );
    const cursor = await h.test.db.listenerCursor.findUnique({ where: { accountId: master.accountId } });
    expect(cursor?.lastFillId).toBe(exchange.at(-1)?.fillId);
  });

  it('lets another replica take a dead replica’s masters over without losing a fill', async () => {
    const master = await newMaster('m-takeover');
    const first = await startListener('first');
    await vi.waitFor(() => expect(first.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    const second = await startListener('second');
    await master.trade('buy', 2);
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(1), { timeout: 5_000 });
    expect(second.supervisor.watched()).not.toContain(master.accountId);
    // The first replica dies: no lease release, its socket simply goes away.
    h.forget(first);
    await first.stop({ releaseLeases: false });
    await master.trade('buy', 3);
    await master.trade('sell', 1);
    await vi.waitFor(() => expect(second.supervisor.watched()).toContain(master.accountId), {
      timeout: 8_000,
    });
    await vi.waitFor(async () => expect(await jobsFor(master.accountId)).toHaveLength(3), { timeout: 8_000 });
    const jobs = await jobsFor(master.accountId);
    expect(jobs.map((j) => [j.seq, j.positionAfter])).toEqual([
      [1, 2],
      [2, 5],
      [3, 4],
    ]);
  });
});

describe('listener, first watch of a master', () => {
  it('takes a consistent starting position even when the master trades while it is read', async () => {
    const master = await newMaster('m-baseline');
    await master.trade('buy', 5);
    // The positions read is slowed down; the master trades inside that window.
    h.sim.control.injectFault({
      kind: 'latency',
      ms: 400,
      jitterMs: 0,
      scope: { userId: master.userId, route: 'GET /v2/positions/margined', count: 1 },
    });
    const starting = startListener('baseline');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await master.trade('buy', 2);
    const listener = await starting;
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    await master.trade('buy', 3);
    await vi.waitFor(async () => expect((await jobsFor(master.accountId)).length).toBeGreaterThan(0), {
      timeout: 5_000,
    });
    await listener.monitorNow(master.accountId);
    // Fills before the watch began are history; the first copied fill moves 7 to 10, never counted twice.
    const jobs = await jobsFor(master.accountId);
    expect(jobs.map((j) => [j.size, j.positionAfter])).toEqual([[3, 10]]);
  });
});

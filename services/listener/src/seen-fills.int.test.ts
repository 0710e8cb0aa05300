import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});

afterEach(() => h.stopListeners());

afterAll(() => h.close());

const horizonMs = 1_500;

describe('listener, the seen-fills record', () => {
  it('forgets fills older than its horizon, and REST reading them again counts nothing twice', async () => {
    const master = await h.newMaster('m-seen');
    const listener = await h.startListener('seen', { SEEN_FILLS_HORIZON_MS: String(horizonMs) });
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    await master.trade('buy', 2);
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(1), {
      timeout: 5_000,
    });
    await new Promise((resolve) => setTimeout(resolve, horizonMs + 200));
    // A fill on another symbol records itself and trims the first from the master's record.
    await master.trade('buy', 3, 'ETHUSD');
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(2), {
      timeout: 5_000,
    });
    const [btc] = h.exchangeFills(master.userId, 'BTCUSD');
    const [eth] = h.exchangeFills(master.userId, 'ETHUSD');
    expect(await h.redis.hkeys(h.keys.masterSeenFills(master.accountId))).toEqual([eth!.fillId]);
    expect(await h.redis.zrange(h.keys.masterSeenFillTimes(master.accountId), '0', '-1')).toEqual([
      eth!.fillId,
    ]);

    // REST still lists both (its cursor has not moved past them): neither is applied again, though
    // the first is no longer in the record (nor older than a reported position).
    expect(await listener.monitorNow(master.accountId)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, horizonMs));
    expect(await listener.monitorNow(master.accountId)).toBe(0);
    const jobs = await h.jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.seq, j.positionAfter]).sort()).toEqual(
      [
        [btc!.fillId, 1, btc!.positionAfter],
        [eth!.fillId, 1, eth!.positionAfter],
      ].sort(),
    );
    for (const symbol of ['BTCUSD', 'ETHUSD']) {
      expect(await h.redis.hget(h.keys.masterPosition(master.accountId, symbol), 'pos')).toBe(
        String(h.exchangePosition(master.userId, symbol)),
      );
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Listener } from './start.ts';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});

afterEach(() => h.stopListeners());

afterAll(() => h.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('listener leases', () => {
  it('keeps each of many masters with one replica while their watchers start slowly', {
    timeout: 60_000,
  }, async () => {
    const masters = await Promise.all(Array.from({ length: 20 }, (_, i) => h.newMaster(`m-many-${i}`)));
    // Every signed REST call of every master is slow, so starting a watcher takes several of them
    // (baseline, first gap-fill): far longer, for twenty of them, than the 1.5 s lease.
    for (const m of masters)
      h.sim.control.injectFault({ kind: 'latency', ms: 300, scope: { userId: m.userId } });
    const leaseKeys = masters.map((m) => h.keys.masterLease(m.accountId));
    const holders = masters.map(() => new Set<string>());
    const watchers = masters.map(() => new Set<string>());
    const lapses: string[] = [];
    const doubleWatched: string[] = [];
    const unwatched: string[] = [];
    const replicas: Listener[] = [];
    let startedAt = Number.POSITIVE_INFINITY;
    const starting = Promise.all([h.startListener('a'), h.startListener('b')]).then((started) => {
      replicas.push(...started);
      startedAt = Date.now();
    });
    // Watch the leases from the start on, and what each replica watches once both are up.
    const observeFrom = Date.now();
    while (Date.now() < Math.max(observeFrom + 6_000, startedAt + 4_000)) {
      const values = await h.redis.mget(...leaseKeys);
      values.forEach((holder, i) => {
        if (holder !== null) holders[i]!.add(holder);
        else if (holders[i]!.size > 0) lapses.push(masters[i]!.accountId);
      });
      masters.forEach((m, i) => {
        const by = replicas
          .filter((r) => r.supervisor.leased().includes(m.accountId))
          .map((r) => r.replicaId);
        for (const replica of by) watchers[i]!.add(replica);
        if (by.length > 1) doubleWatched.push(m.accountId);
        if (by.length === 0 && replicas.length > 0) unwatched.push(m.accountId);
      });
      await sleep(50);
    }
    await starting;
    expect(lapses).toEqual([]);
    expect(doubleWatched).toEqual([]);
    expect(unwatched).toEqual([]);
    // One holder per master all along, and it is the replica watching it: no takeover.
    expect(holders.map((set) => set.size)).toEqual(masters.map(() => 1));
    expect(watchers.map((set) => [...set])).toEqual(holders.map((set) => [...set]));
    await vi.waitFor(
      () => expect(replicas.flatMap((r) => r.supervisor.watched())).toHaveLength(masters.length),
      {
        timeout: 10_000,
      },
    );

    // And every watcher works: one trade each, one job each.
    h.sim.control.clearFaults();
    await Promise.all(masters.map((m) => m.trade('buy', 1)));
    await vi.waitFor(
      async () => {
        const jobs = await Promise.all(masters.map((m) => h.jobsFor(m.accountId)));
        expect(jobs.map((j) => j.length)).toEqual(masters.map(() => 1));
      },
      { timeout: 10_000 },
    );
  });
});

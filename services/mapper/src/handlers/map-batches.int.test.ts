import { bookFields, type OrderLeg } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMarketData } from '../market/market-data.ts';
import type { TargetUpdate } from '../scripts/target-script.ts';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedCopyGroup } from '../testing/seed.ts';
import { mapMasterFill } from './map-master-fill.ts';
import type { MapperDeps } from './mapper-deps.ts';

let h: MapperHarness;

beforeAll(async () => {
  h = await createMapperHarness();
});

afterAll(async () => {
  await h?.close();
});

const signed = (legs: OrderLeg[]) => legs.reduce((sum, l) => sum + (l.side === 'buy' ? l.size : -l.size), 0);

/** The harness's deps with the target updates recorded as they are sent. */
function recording(batchSize: number, beforeApply?: (updates: readonly TargetUpdate[]) => Promise<void>) {
  const applies: TargetUpdate[][] = [];
  const deps: MapperDeps = {
    ...h.deps,
    batchSize,
    targets: {
      ...h.deps.targets,
      async applyMany(updates) {
        applies.push([...updates]);
        await beforeApply?.(updates);
        return h.deps.targets.applyMany(updates);
      },
    },
  };
  return { deps, applies };
}

describe('mapMasterFill: batches', () => {
  it('decides follows in batches: one script call of target updates per batch, which queues the kicks', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: Array.from({ length: 5 }, () => ({
        settings: { mode: 'multiplier' as const, multiplier: '1' },
      })),
    });
    const { deps, applies } = recording(2);
    const first = h.fill(master.accountId, 1, 2);
    const result = await mapMasterFill(deps, first);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(new Array(5).fill('decided'));
    expect(applies.map((a) => a.length)).toEqual([2, 2, 1]);
    // A kick per follower on the executors' stream, queued by the batch's target step.
    const kicksOf = async (correlationId: string) =>
      (await h.queuedKicks())
        .filter((k) => k.correlationId === correlationId)
        .map((k) => k.followerAccountId);
    expect((await kicksOf(first.correlationId)).sort()).toEqual(followers.map((f) => f.accountId).sort());
    for (const f of followers) expect(signed(await h.outbox(f.accountId))).toBe(2);
    // Three batches in flight at once: the same batches, each still one script call.
    const inFlight = recording(2);
    const second = h.fill(master.accountId, 2, 0);
    const next = await mapMasterFill({ ...inFlight.deps, batchesInFlight: 3 }, second);
    expect(next.outcomes.map((o) => o.outcome)).toEqual(new Array(5).fill('decided'));
    expect(inFlight.applies.map((a) => a.length).sort()).toEqual([1, 2, 2]);
    expect(await kicksOf(second.correlationId)).toHaveLength(5);
    for (const f of followers) expect(signed(await h.outbox(f.accountId))).toBe(0);
  });

  it("sends a follower's risk step with its state read once its wallet is in memory: one round trip", async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier' as const, multiplier: '1' } }],
    });
    const log: string[] = [];
    const minute = 60_000;
    const deps: MapperDeps = {
      ...h.deps,
      market: createMarketData(h.deps.accounts, {
        balancesTtlMs: minute,
        balancesMaxStaleMs: minute,
        productsTtlMs: minute,
        productsMaxStaleMs: minute,
        tickerTtlMs: 0,
        accountsTtlMs: minute,
      }),
      states: {
        async readMany(queries) {
          log.push('state read sent');
          const states = await h.deps.states.readMany(queries);
          log.push('state read answered');
          return states;
        },
      },
      risk: {
        ...h.deps.risk,
        snapshotMany(requests) {
          log.push('risk step sent');
          return h.deps.risk.snapshotMany(requests);
        },
      },
    };
    // Cold: the wallet is loaded after the state read, then the risk step goes.
    await mapMasterFill(deps, h.fill(master.accountId, 1, 2));
    expect(log).toEqual(['state read sent', 'state read answered', 'risk step sent']);
    log.length = 0;
    const warm = await mapMasterFill(deps, h.fill(master.accountId, 2, 5));
    expect(warm.outcomes.map((o) => o.outcome)).toEqual(['decided']);
    expect(log).toEqual(['state read sent', 'risk step sent', 'state read answered']);
    expect(signed(await h.outbox(followers[0]!.accountId))).toBe(5);
    // A replay is stale: decided on nothing new, whatever the early step recorded.
    log.length = 0;
    const replay = await mapMasterFill(deps, h.fill(master.accountId, 2, 5));
    expect(replay.outcomes.map((o) => o.outcome)).toEqual(['stale']);
    expect(signed(await h.outbox(followers[0]!.accountId))).toBe(5);
  });

  it('rotates the order followers are served in, so each is first (and last) in turn', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: Array.from({ length: 3 }, () => ({
        settings: { mode: 'multiplier' as const, multiplier: '1' },
      })),
    });
    const firsts: string[] = [];
    for (let seq = 1; seq <= 3; seq++) {
      const { deps, applies } = recording(1);
      await mapMasterFill(deps, h.fill(master.accountId, seq, seq));
      const order = applies.map((a) => a[0]!.followId);
      expect([...order].sort()).toEqual(followers.map((f) => f.followId).sort());
      firsts.push(order[0]!);
    }
    expect(new Set(firsts).size).toBe(3);
  });

  it('flags the kicks whose legs close or reduce (the executor sends those first)', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [
        // Nothing to open with: its first copy is skipped, so it stays flat.
        { settings: { mode: 'multiplier', multiplier: '1' }, balances: { USD: '0' } },
        { settings: { mode: 'multiplier', multiplier: '1' } },
      ],
    });
    const [late, early] = followers;
    await mapMasterFill(h.deps, h.fill(master.accountId, 1, 2));
    expect(await h.outbox(late!.accountId)).toEqual([]);
    h.sim.control.fund(late!.simUserId, 'USD', '100000');
    // Master reduces to 1: the funded follower opens 1, the other reduces by 1.
    for (const [seq, position] of [
      [2, 1],
      [3, 2],
    ] as const) {
      const job = h.fill(master.accountId, seq, position);
      await mapMasterFill(recording(10).deps, job);
      const kicks = (await h.queuedKicks()).filter((k) => k.correlationId === job.correlationId);
      const closes = Object.fromEntries(kicks.map((k) => [k.followerAccountId, k.closes]));
      expect(closes).toEqual(
        seq === 2
          ? { [early!.accountId]: true, [late!.accountId]: false }
          : { [early!.accountId]: false, [late!.accountId]: false },
      );
    }
    expect(signed(await h.outbox(early!.accountId))).toBe(2);
    expect(signed(await h.outbox(late!.accountId))).toBe(2);
  });

  it('refuses a batched decision whose target moved meanwhile, and decides it again on the new one', async () => {
    // The target moves to 10 under the decision (another replica mapping an earlier fill): the
    // update decided on 0 is refused, and the follow is decided again on 10 (+5, not +15).
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1' }, balances: { USD: '100000' } }],
    });
    const f = followers[0]!;
    let moved = false;
    const { deps, applies } = recording(10, async (updates) => {
      if (moved) return;
      moved = true;
      await h.deps.targets.apply({ ...updates[0]!, seq: 1, target: 10, decidedOn: 0 });
    });
    const result = await mapMasterFill(deps, h.fill(master.accountId, 2, 15));
    expect(applies.map((a) => a.map((u) => u.decidedOn))).toEqual([[0], [10]]);
    expect(result.outcomes[0]).toMatchObject({ outcome: 'decided', target: 15 });
    const legs = await h.outbox(f.accountId);
    expect(legs.map((l) => `${l.leg} ${l.size}`)).toEqual(['open 10', 'increase 5']);
    const book = await h.redis.hmget(
      h.deps.keys.followerBook(f.accountId, 'BTCUSD'),
      bookFields.target(f.followId),
    );
    expect(Number(book[0])).toBe(15);
  });

  it('sends every leg id again when the follower’s total moved under a decision planned on the one it read', async () => {
    // Another follow of the same follower account takes the total to 4 after the state was read: the
    // decision planned an open (the only id sent) but an increase is needed; the script asks for every
    // id, and the update goes through on the same decision.
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: [{ settings: { mode: 'multiplier', multiplier: '1' }, balances: { USD: '100000' } }],
    });
    const f = followers[0]!;
    let moved = false;
    const { deps, applies } = recording(10, async (updates) => {
      if (moved) return;
      moved = true;
      await h.deps.targets.apply({ ...updates[0]!, followId: 'another-follow', seq: 1, target: 4 });
    });
    const result = await mapMasterFill(deps, h.fill(master.accountId, 2, 3));
    expect(
      applies.map((a) => a.map((u) => Object.values(u.orderIds).filter((id) => id !== '').length)),
    ).toEqual([[1], [4]]);
    expect(applies.map((a) => a.map((u) => u.decidedOn))).toEqual([[0], [0]]);
    expect(result.outcomes[0]).toMatchObject({ outcome: 'decided', target: 3 });
    const legs = await h.outbox(f.accountId);
    expect(legs.map((l) => `${l.leg} ${l.size}`)).toEqual(['open 4', 'increase 3']);
    expect(legs[1]!.clientOrderId).toBe(result.outcomes[0]!.clientOrderIds[0]);
  });

  it('after the first fill, decides without waiting on the account directory (its entries expire)', async () => {
    const { master, followers } = await seedCopyGroup(h.seed, {
      followers: Array.from({ length: 3 }, () => ({
        settings: { mode: 'multiplier' as const, multiplier: '1' },
      })),
    });
    await mapMasterFill(h.deps, h.fill(master.accountId, 1, 1));
    const account = h.deps.accounts.account;
    // An expired directory entry is two database reads and a new client: the hot path must not need it.
    h.deps.accounts.account = () => Promise.reject(new Error('the account directory was asked'));
    try {
      const result = await mapMasterFill(h.deps, h.fill(master.accountId, 2, 2));
      expect(result.retrying).toEqual([]);
      expect(result.outcomes.map((o) => o.outcome)).toEqual(['decided', 'decided', 'decided']);
    } finally {
      h.deps.accounts.account = account;
    }
    for (const f of followers) expect(signed(await h.outbox(f.accountId))).toBe(2);
  });
});

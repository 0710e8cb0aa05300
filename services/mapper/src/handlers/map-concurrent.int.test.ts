import type { OrderLeg } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMapperHarness, type MapperHarness } from '../testing/mapper-harness.ts';
import { seedAccount, seedCopyGroup, seedFollow } from '../testing/seed.ts';
import { mapMasterFill } from './map-master-fill.ts';

let h: MapperHarness;

beforeAll(async () => {
  h = await createMapperHarness();
});

afterAll(async () => {
  await h?.close();
});

const shape = (l: OrderLeg) => `${l.side} ${l.size}${l.reduceOnly ? ' ro' : ''}`;
const signed = (legs: OrderLeg[]) => legs.reduce((sum, l) => sum + (l.side === 'buy' ? l.size : -l.size), 0);

describe('mapMasterFill: fills of one master mapped at once', () => {
  it('decide on the state they commit against, ending where sequential mapping ends', async () => {
    // 100 USD at 6 USD margin per BTCUSD contract: +10 contracts fit, +20 at once do not. A fill
    // decided on a target read before another fill moved it would see +20, refuse the opening part
    // and close what the other fill opened.
    const follower = { settings: { mode: 'multiplier' as const, multiplier: '1' }, balances: { USD: '100' } };
    const concurrent = await seedCopyGroup(h.seed, { followers: [follower] });
    const sequential = await seedCopyGroup(h.seed, { followers: [follower] });
    const positions = [5, 10, 15, 20, 25];
    for (let burst = 0; burst < 3; burst++) {
      const base = burst * (positions.length + 1);
      const jobs = positions.map((p, i) => h.fill(concurrent.master.accountId, base + i + 1, p));
      await Promise.all(jobs.map((job) => mapMasterFill(h.deps, job)));
      for (const [i, p] of positions.entries())
        await mapMasterFill(h.deps, h.fill(sequential.master.accountId, base + i + 1, p));
      // Back to flat before the next burst, both ways.
      const exit = base + positions.length + 1;
      await mapMasterFill(h.deps, h.fill(concurrent.master.accountId, exit, 0));
      await mapMasterFill(h.deps, h.fill(sequential.master.accountId, exit, 0));
    }
    const got = await h.outbox(concurrent.followers[0]!.accountId);
    const want = await h.outbox(sequential.followers[0]!.accountId);
    expect(got.map(shape)).toEqual(want.map(shape));
    expect(got.filter((l) => l.side === 'sell').map((l) => l.leg)).toEqual(['close', 'close', 'close']);
    expect(signed(got)).toBe(0);
  });
});

describe('mapMasterFill: one follower account, two masters', () => {
  it('orders the change of the sum of its follows; one master’s exit closes only its share', async () => {
    const masterA = await seedAccount(h.seed, { role: 'master' });
    const masterB = await seedAccount(h.seed, { role: 'master' });
    const follower = await seedAccount(h.seed, { role: 'follower', balances: { USD: '50000' } });
    await seedFollow(h.seed.db, masterA.accountId, follower.accountId, {
      mode: 'multiplier',
      multiplier: '1',
    });
    await seedFollow(h.seed.db, masterB.accountId, follower.accountId, {
      mode: 'multiplier',
      multiplier: '2',
    });

    await mapMasterFill(h.deps, h.fill(masterA.accountId, 7, 10));
    // Master B's first fill has seq 1, far below A's 7: still applied, on B's own state.
    await mapMasterFill(h.deps, h.fill(masterB.accountId, 1, 3));
    expect((await h.target(follower.accountId))?.lastTarget).toBe(16);
    await mapMasterFill(h.deps, h.fill(masterB.accountId, 2, 0));
    expect((await h.target(follower.accountId))?.lastTarget).toBe(10);
    const legs = await h.outbox(follower.accountId);
    expect(legs.map(shape)).toEqual(['buy 10', 'buy 6', 'sell 6 ro']);
    expect(legs.map((l) => l.leg)).toEqual(['open', 'increase', 'reduce']);
  });
});

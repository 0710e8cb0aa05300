import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderSumOf, positionOf, targetOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession, until } from './support/e2e-session.ts';

// Two listener replicas; the one watching the master crashes (its lease is not released) while the
// master keeps trading. The other must take the master over and gap-fill every fill it missed.
const SYMBOLS = ['BTCUSD', 'ETHUSD'];
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    listenerReplicas: 1,
    followers: [
      { label: 'one', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'half', settings: { mode: 'multiplier', multiplier: '0.5' } },
      { label: 'lot', settings: { mode: 'fixed_lot', lotSize: 2 } },
    ],
  });
  await s.system.addListener('second');
});
afterAll(async () => {
  await s?.close();
});

const watcherOf = (masterAccountId: string) =>
  s.system.listeners.filter((l) => l.supervisor.watched().includes(masterAccountId));

describe('listener takeover', () => {
  it('loses no master fill when the watching replica crashes mid-session', async () => {
    expect(s.system.listeners).toHaveLength(2);
    expect(watcherOf(s.masterAccountId)).toHaveLength(1);
    await s.trade('BTCUSD', 'buy', 20, '60000');
    await s.trade('ETHUSD', 'sell', 30, '3000');
    await s.settle(SYMBOLS);

    const crashed = watcherOf(s.masterAccountId)[0]!;
    const survivor = s.system.listeners.find((l) => l !== crashed)!;
    await crashed.stop({ releaseLeases: false });
    // It is gone for good: the system must not stop it a second time.
    s.system.listeners.splice(s.system.listeners.indexOf(crashed), 1);
    const crashedAt = Date.now();

    // Nobody is watching now; the master goes on trading.
    await s.trade('BTCUSD', 'buy', 10, '60200');
    await s.trade('ETHUSD', 'buy', 50, '3010'); // a flip, -30 → +20
    await s.trade('BTCUSD', 'sell', 12, '60300');

    await until(
      async () => survivor.supervisor.watched().includes(s.masterAccountId),
      8_000,
      'the surviving replica did not take the master over',
    );
    // Not before the crashed replica's lease ran out (TTL 1.5 s).
    expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(1_000);
    await s.trade('ETHUSD', 'sell', 20, '3020'); // ETH flat again, seen live by the survivor
    await s.settle(SYMBOLS);

    const onExchange = s.sim.control.fills(s.masterSimUserId);
    expect(onExchange).toHaveLength(6);
    // The copy path goes first: a fill's row is written after its job, so it may come a moment later.
    const recordedIds = async () => (await s.db.masterFill.findMany()).map((r) => r.fillId).sort();
    await expect.poll(recordedIds, { timeout: 5_000 }).toEqual(onExchange.map((f) => String(f.id)).sort());
    const recorded = await s.db.masterFill.findMany({ orderBy: { id: 'asc' } });
    // The fills made while nobody watched came in over REST.
    expect(recorded.filter((r) => r.source === 'rest').length).toBeGreaterThanOrEqual(3);

    expect(s.masterPosition).toEqual({ BTCUSD: 18, ETHUSD: 0 });
    for (const f of s.followers) {
      for (const symbol of SYMBOLS) {
        const target = await targetOf(s.redis, s.prefix, f.accountId, symbol);
        expect(positionOf(s.sim, f.simUserId, symbol), `${f.label} ${symbol}`).toBe(target);
        expect(orderSumOf(s.sim, f.simUserId, symbol), `${f.label} ${symbol} orders`).toBe(target);
      }
    }
    expect(await targetOf(s.redis, s.prefix, s.follower('one').accountId, 'BTCUSD')).toBe(18);
    expect(await targetOf(s.redis, s.prefix, s.follower('half').accountId, 'BTCUSD')).toBe(9);
    expect(await targetOf(s.redis, s.prefix, s.follower('lot').accountId, 'BTCUSD')).toBe(2);
  });
});

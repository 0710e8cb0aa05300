import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf, targetOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Eligibility and risk refusals are recorded with their reason and place nothing — except that
// risk never blocks an exit: a follower in drawdown is still closed when the master leaves.
const SYMBOL = 'BTCUSD';
const wait = { timeout: 10_000, interval: 50 };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'plain', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'eth-only', settings: { mode: 'multiplier', multiplier: '1', symbolAllowList: ['ETHUSD'] } },
      { label: 'no-btc', settings: { mode: 'multiplier', multiplier: '1', symbolDenyList: ['BTCUSD'] } },
      { label: 'drawdown', settings: { mode: 'multiplier', multiplier: '1', maxDrawdownPct: '10' } },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

const ordersOf = (label: string) =>
  s.sim.control.orders(s.follower(label).simUserId).sort((a, b) => a.id - b.id);

async function skipReasons(label: string): Promise<{ seq: number; reason: string }[]> {
  await s.auditSettled();
  const rows = await s.db.auditLog.findMany({
    where: { type: 'copy.skipped', accountId: s.follower(label).accountId },
    orderBy: { seq: 'asc' },
  });
  return rows.map((r) => {
    const payload = r.payload as { seq: number; reason: string };
    return { seq: payload.seq, reason: payload.reason };
  });
}

describe('skips and risk limits, end to end', () => {
  it('skips followers outside their allow list or inside their deny list, placing nothing', async () => {
    await s.trade(SYMBOL, 'buy', 10, '60000');
    await s.settle([SYMBOL]);
    expect(positionOf(s.sim, s.follower('plain').simUserId, SYMBOL)).toBe(10);
    expect(positionOf(s.sim, s.follower('drawdown').simUserId, SYMBOL)).toBe(10);
    expect(ordersOf('eth-only')).toEqual([]);
    expect(ordersOf('no-btc')).toEqual([]);
    await vi.waitFor(async () => {
      expect(await skipReasons('eth-only')).toEqual([{ seq: 1, reason: 'symbol_not_allowed' }]);
      expect(await skipReasons('no-btc')).toEqual([{ seq: 1, reason: 'symbol_denied' }]);
    }, wait);
  });

  it('refuses new risk to a follower past its drawdown limit', async () => {
    const drawdown = s.follower('drawdown');
    // Its equity has been twice today's: a 50 % drawdown against a 10 % limit.
    await s.redis.set(redisKeys(s.prefix).peakEquity(drawdown.accountId), '100000');
    await s.trade(SYMBOL, 'buy', 5, '60100');
    await s.settle([SYMBOL]);
    expect(positionOf(s.sim, s.follower('plain').simUserId, SYMBOL)).toBe(15);
    expect(positionOf(s.sim, drawdown.simUserId, SYMBOL)).toBe(10);
    expect(await targetOf(s.redis, s.prefix, drawdown.accountId, SYMBOL)).toBe(10);
    expect(ordersOf('drawdown')).toHaveLength(1);
    await vi.waitFor(
      async () => expect(await skipReasons('drawdown')).toEqual([{ seq: 2, reason: 'drawdown_limit' }]),
      wait,
    );
  });

  it('still closes the follower in drawdown when the master exits', async () => {
    await s.trade(SYMBOL, 'sell', 15, '60200');
    await s.settle([SYMBOL]);
    for (const f of s.followers) expect(positionOf(s.sim, f.simUserId, SYMBOL), f.label).toBe(0);
    const [open, close] = ordersOf('drawdown');
    expect(open).toMatchObject({ side: 'buy', size: 10, reduce_only: false });
    expect(close).toMatchObject({ side: 'sell', size: 10, reduce_only: true, unfilled_size: 0 });
    expect(ordersOf('eth-only')).toEqual([]);
    expect(ordersOf('no-btc')).toEqual([]);
    // Allow and deny lists hold for every fill; the exit of a position never opened changes nothing.
    const reasons = [...(await skipReasons('eth-only')), ...(await skipReasons('no-btc'))].map(
      (r) => r.reason,
    );
    expect(reasons.filter((r) => r !== 'symbol_not_allowed' && r !== 'symbol_denied')).toEqual([]);
  });
});

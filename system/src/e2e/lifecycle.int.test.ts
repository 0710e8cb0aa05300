import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orderSumOf, positionOf, targetOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// A master's whole life on one symbol — open, add, partial reduce, flip, close — copied to
// followers in every sizing mode, checked on the exchange after every step.
const SYMBOL = 'BTCUSD';
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'half', settings: { mode: 'multiplier', multiplier: '0.5' } },
      { label: 'lot', settings: { mode: 'fixed_lot', lotSize: 3 } },
      { label: 'capital', settings: { mode: 'capital_allocation', capitalAllocated: '25000' } },
      {
        label: 'percent',
        balance: '40000',
        settings: { mode: 'balance_percentage', balancePercentage: '50' },
      },
      { label: 'reverse', settings: { mode: 'multiplier', multiplier: '1', reverse: true } },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

/** The targets that follow from the settings alone (the other modes depend on equities). */
const exact: Record<string, (p: number) => number> = {
  half: (p) => Math.trunc(p * 0.5),
  lot: (p) => Math.sign(p) * 3,
  reverse: (p) => 0 - p || 0,
};

const steps = [
  { what: 'open', side: 'buy', size: 40, mark: '60000', after: 40 },
  { what: 'increase', side: 'buy', size: 20, mark: '60200', after: 60 },
  { what: 'partial reduce', side: 'sell', size: 25, mark: '60500', after: 35 },
  { what: 'flip', side: 'sell', size: 75, mark: '60100', after: -40 },
  { what: 'close', side: 'buy', size: 40, mark: '59900', after: 0 },
] as const;

const ordersOf = (simUserId: number) => s.sim.control.orders(simUserId).sort((a, b) => a.id - b.id);

describe('copy lifecycle on one symbol', () => {
  it.each(steps)('$what: every follower sits at its target on the exchange', async (step) => {
    const before = new Map(s.followers.map((f) => [f.accountId, ordersOf(f.simUserId).length]));
    const positionsBefore = new Map(
      s.followers.map((f) => [f.accountId, positionOf(s.sim, f.simUserId, SYMBOL)]),
    );
    await s.trade(SYMBOL, step.side, step.size, step.mark);
    expect(s.masterPosition[SYMBOL]).toBe(step.after);
    await s.settle([SYMBOL]);
    for (const f of s.followers) {
      const target = await targetOf(s.redis, s.prefix, f.accountId, SYMBOL);
      const position = positionOf(s.sim, f.simUserId, SYMBOL);
      expect(position, `${f.label} position`).toBe(target);
      expect(orderSumOf(s.sim, f.simUserId, SYMBOL), `${f.label} order sum`).toBe(position);
      const rule = exact[f.label];
      if (rule) expect(target, `${f.label} target`).toBe(rule(step.after));
      // Equity-based modes still follow the master's direction, and only exit with it.
      else expect(Math.sign(target), `${f.label} direction`).toBe(Math.sign(step.after));
      if (step.what !== 'flip') continue;
      // A flip is a reduce-only close of the old position, then an open of the new one, in that order.
      const fresh = ordersOf(f.simUserId).slice(before.get(f.accountId));
      const was = positionsBefore.get(f.accountId)!;
      const side = target > was ? 'buy' : 'sell';
      expect(
        fresh.map((o) => ({ side: o.side, size: o.size, reduceOnly: o.reduce_only })),
        `${f.label} flip orders`,
      ).toEqual([
        { side, size: Math.abs(was), reduceOnly: true },
        { side, size: Math.abs(target), reduceOnly: false },
      ]);
      expect(Number(fresh[0]!.created_at)).toBeLessThanOrEqual(Number(fresh[1]!.created_at));
    }
  });

  it('ends flat everywhere with every order filled whole', () => {
    for (const f of s.followers) {
      expect(positionOf(s.sim, f.simUserId, SYMBOL), f.label).toBe(0);
      for (const o of s.sim.control.orders(f.simUserId)) expect(o.unfilled_size, f.label).toBe(0);
    }
  });

  it('records one copy_trades row per follower order on the exchange', async () => {
    const onExchange = s.followers.flatMap((f) =>
      s.sim.control.orders(f.simUserId).map((o) => ({ followerId: f.accountId, cid: o.client_order_id })),
    );
    await vi.waitFor(async () => expect(await s.db.copyTrade.count()).toBe(onExchange.length), {
      timeout: 10_000,
      interval: 50,
    });
    const rows = await s.db.copyTrade.findMany({ select: { followerId: true, clientOrderId: true } });
    expect(rows.map((r) => `${r.followerId}/${r.clientOrderId}`).sort()).toEqual(
      onExchange.map((o) => `${o.followerId}/${o.cid}`).sort(),
    );
  });
});

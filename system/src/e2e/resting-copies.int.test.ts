import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf, targetOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// The market moves past a follower's slippage limit between the master's fill and the copy: the copy
// goes out as a limit order at the worst accepted price and rests. It is cancelled at its time limit,
// or before the master's exit is copied: nothing of a follower stays resting, and its book total ends
// equal to its position on the exchange.
const SYMBOL = 'BTCUSD';
const wait = { timeout: 10_000, interval: 50 };
const guard = {
  mode: 'multiplier',
  multiplier: '1',
  slippageLimitPct: '0.1',
  slippageAction: 'limit',
} as const;
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'timeout', settings: { ...guard, restingOrderTtlMs: 1_500 } },
      { label: 'exit', settings: { ...guard, restingOrderTtlMs: 60_000 } },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

const ordersOf = (label: string) => s.sim.control.orders(s.follower(label).simUserId);
const openOrdersOf = (label: string) => ordersOf(label).filter((o) => o.state === 'open');
const positionOfFollower = (label: string) => positionOf(s.sim, s.follower(label).simUserId, SYMBOL);
const totalOf = (label: string) => targetOf(s.redis, s.prefix, s.follower(label).accountId, SYMBOL);

async function unfilledReasons(label: string): Promise<string[]> {
  await s.auditSettled();
  const rows = await s.db.auditLog.findMany({
    where: { type: 'order.unfilled', accountId: s.follower(label).accountId },
    orderBy: { seq: 'asc' },
  });
  return rows.map((r) => (r.payload as { reason: string }).reason);
}

describe('resting limit copies, end to end', () => {
  it('sends each follower a limit copy that rests when the market moved past its slippage limit', async () => {
    // The mapper's market read is held back until the mark has moved 1 % against the copy.
    const slowTicker = s.sim.control.injectFault({
      kind: 'latency',
      ms: 1_000,
      scope: { route: 'GET /v2/tickers/{symbol}' },
    });
    try {
      await s.trade(SYMBOL, 'buy', 5, '60000');
      s.sim.control.setMarkPrice(SYMBOL, '60600');
      for (const label of ['timeout', 'exit']) {
        await vi.waitFor(() => {
          expect(ordersOf(label)).toEqual([
            expect.objectContaining({
              order_type: 'limit_order',
              limit_price: '60060',
              side: 'buy',
              size: 5,
            }),
          ]);
        }, wait);
      }
    } finally {
      s.sim.control.clearFault(slowTicker);
    }
    expect(openOrdersOf('exit')).toHaveLength(1);
  });

  it('cancels the copy at its time limit: nothing open, book total equal to the position', async () => {
    await vi.waitFor(() => expect(ordersOf('timeout')[0]?.state).toBe('cancelled'), wait);
    expect(ordersOf('timeout')[0]).toMatchObject({
      unfilled_size: 5,
      cancellation_reason: 'cancelled_by_user',
    });
    await s.settle([SYMBOL], [s.follower('timeout')]);
    expect(positionOfFollower('timeout')).toBe(0);
    expect(await totalOf('timeout')).toBe(0);
    expect(await unfilledReasons('timeout')).toEqual(['resting_timeout']);
    // The other copy's time limit is far off: it still rests.
    expect(openOrdersOf('exit')).toHaveLength(1);
  });

  it('leaves nothing resting once the master exits before the time limit', async () => {
    await s.trade(SYMBOL, 'sell', 5);
    await s.settle([SYMBOL]);
    for (const label of ['timeout', 'exit']) {
      expect(openOrdersOf(label), label).toEqual([]);
      expect(positionOfFollower(label), label).toBe(0);
      expect(await totalOf(label), label).toBe(0);
    }
    expect(ordersOf('exit').find((o) => o.order_type === 'limit_order')).toMatchObject({
      state: 'cancelled',
      unfilled_size: 5,
    });
    expect(await unfilledReasons('exit')).toEqual(['before_reduction']);
  });
});

import { DeltaRestClient } from '@copytrade/delta-client';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf, targetOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// What never trades comes back out of the target: a refused order, a refused flip-close (and the
// open behind it), an opening leg whose signal grew too old. Judged on the simulator's record.
const wait = { timeout: 15_000, interval: 50 };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'refused', settings: { mode: 'multiplier', multiplier: '1' }, balance: '400' },
      { label: 'by-hand', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'late', settings: { mode: 'multiplier', multiplier: '1', maxSignalAgeMs: 1_000 } },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

const ordersOf = (label: string, symbol: string) =>
  s.sim.control.orders(s.follower(label).simUserId).filter((o) => o.product_symbol === symbol);
/** Once the pipeline has caught up with the master and the follower sits at its target. */
const settledAt = async (label: string, symbol: string) => {
  const f = s.follower(label);
  await s.settle([symbol], [f], 15_000);
  return positionOf(s.sim, f.simUserId, symbol);
};

describe('target corrections', () => {
  it('a refused order is taken out of the target, so the next fill orders from what the exchange holds', async () => {
    const refused = s.follower('refused');
    // The request is held on its way; meanwhile the follower's funds leave, so the exchange refuses
    // it for margin although the mapper saw enough.
    const held = s.sim.control.injectFault({
      kind: 'hang',
      scope: { userId: refused.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    await s.trade('SOLUSD', 'buy', 10, '150');
    await vi.waitFor(() => expect(s.sim.control.listFaults().map((f) => f.id)).not.toContain(held), wait);
    s.sim.control.fund(refused.simUserId, 'USD', '-399');
    s.sim.control.clearFault(held);
    await vi.waitFor(async () => {
      await s.auditSettled();
      const rejected = await s.db.auditLog.count({
        where: { type: 'order.rejected', accountId: refused.accountId },
      });
      expect(rejected).toBe(1);
    }, wait);
    expect(ordersOf('refused', 'SOLUSD')).toHaveLength(0);
    await vi.waitFor(
      async () => expect(await targetOf(s.redis, s.prefix, refused.accountId, 'SOLUSD')).toBe(0),
      wait,
    );
    s.sim.control.fund(refused.simUserId, 'USD', '5000');
    // The master takes 4 off: from reality (0) that is an open of 6, not a reduce of 4.
    await s.trade('SOLUSD', 'sell', 4, '150');
    expect(await settledAt('refused', 'SOLUSD')).toBe(6);
  });

  it('a refused flip-close is never followed by its open', async () => {
    const byHand = s.follower('by-hand');
    await s.trade('ETHUSD', 'buy', 4, '3000');
    expect(await settledAt('by-hand', 'ETHUSD')).toBe(4);
    // The follower closes its copy by hand, so the flip's reduce-only close finds nothing to close.
    const own = new DeltaRestClient({
      baseUrl: s.sim.restUrl,
      apiKey: byHand.apiKey,
      apiSecret: byHand.apiSecret,
    });
    await own.placeOrder({
      productSymbol: 'ETHUSD',
      side: 'sell',
      size: 4,
      orderType: 'market_order',
      reduceOnly: true,
    });
    await own.close();
    await s.trade('ETHUSD', 'sell', 10, '3000');
    await vi.waitFor(async () => {
      await s.auditSettled();
      const dropped = await s.db.auditLog.count({
        where: { type: 'order.dropped', accountId: byHand.accountId },
      });
      expect(dropped).toBe(1);
    }, wait);
    // The by-hand close and the copy's open are on the exchange; the flip's open of 6 never went.
    expect(ordersOf('by-hand', 'ETHUSD').filter((o) => o.side === 'sell' && Number(o.size) === 6)).toEqual(
      [],
    );
    expect(positionOf(s.sim, byHand.simUserId, 'ETHUSD')).toBe(0);
  });

  it('an opening leg older than the follow’s max signal age is not sent; a closing one always goes', async () => {
    const late = s.follower('late');
    const outage = s.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      rate: 1,
      scope: { userId: late.simUserId, route: 'POST /v2/orders' },
    });
    await s.trade('BTCUSD', 'buy', 3, '60000');
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    s.sim.control.clearFault(outage);
    // On BTCUSD only: under load an earlier test's SOLUSD or ETHUSD copy to this follower can itself
    // take longer than its 1 s signal age, and is then rightly expired too.
    await vi.waitFor(async () => {
      await s.auditSettled();
      expect(
        await s.db.auditLog.count({
          where: {
            type: 'order.expired',
            accountId: late.accountId,
            payload: { path: ['symbol'], equals: 'BTCUSD' },
          },
        }),
      ).toBe(1);
    }, wait);
    expect(ordersOf('late', 'BTCUSD')).toEqual([]);
    expect(await settledAt('late', 'BTCUSD')).toBe(0);

    // Back in sync, it opens on the next fill; an outage longer than the signal age then holds its exit.
    await s.trade('BTCUSD', 'buy', 1, '60000');
    expect(await settledAt('late', 'BTCUSD')).toBe(4);
    const exitOutage = s.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      rate: 1,
      scope: { userId: late.simUserId, route: 'POST /v2/orders' },
    });
    await s.trade('BTCUSD', 'sell', 4, '60000');
    await new Promise((resolve) => setTimeout(resolve, 1_800));
    s.sim.control.clearFault(exitOutage);
    await vi.waitFor(() => expect(positionOf(s.sim, late.simUserId, 'BTCUSD')).toBe(0), wait);
  }, 30_000);
});

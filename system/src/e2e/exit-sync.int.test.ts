import { endFollow } from '@copytrade/accounts';
import { channels, queueNames, redisKeys } from '@copytrade/contracts';
import { DeltaRestClient } from '@copytrade/delta-client';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Exit-sync closes the loop: whatever went wrong upstream, every follower converges to its target
// within a few cycles. Judged on the simulator's positions and orders.
const CYCLE_MS = 400;
const wait = { timeout: 12_000, interval: 50 };
// The audit trail lags the copy path by design, the more so on a loaded machine.
const auditWait = { timeout: 30_000, interval: 100 };
const plain = { mode: 'multiplier' as const, multiplier: '1' };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    env: { RECONCILE_INTERVAL_MS: String(CYCLE_MS), IN_FLIGHT_MS: '2000', REPAIR_BACKOFF_MS: '60000' },
    followers: [
      { label: 'repair', settings: { ...plain, maxCorrection: 3 } },
      { label: 'alert', settings: { ...plain, driftPolicy: 'alert' } },
      { label: 'off', settings: { ...plain, driftPolicy: 'off' } },
      { label: 'drawdown', settings: { ...plain, maxDrawdownPct: '10', riskExitFlatten: true } },
      { label: 'drawdown-cut', settings: { ...plain, maxDrawdownPct: '10', riskExitFlatten: true } },
      { label: 'close-now', settings: plain },
      { label: 'close-later', settings: plain },
      { label: 'preserve', settings: plain },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

const position = (label: string, symbol: string) => positionOf(s.sim, s.follower(label).simUserId, symbol);
const followIdOf = (label: string) => s.follower(label).follows[0]!.followId;
const settingsChanged = () => s.redis.publish(channels(s.prefix).settingsChanged, JSON.stringify({}));

async function byHand(label: string, symbol: string, side: 'buy' | 'sell', size: number) {
  const f = s.follower(label);
  const own = new DeltaRestClient({ baseUrl: s.sim.restUrl, apiKey: f.apiKey, apiSecret: f.apiSecret });
  try {
    return await own.placeOrder({ productSymbol: symbol, side, size, orderType: 'market_order' });
  } finally {
    await own.close();
  }
}

/** No client order id of ours placed twice for any follower (orders placed by hand carry none). */
function expectNoOrderTwice() {
  for (const f of s.followers) {
    const ids = s.sim.control
      .orders(f.simUserId)
      .map((o) => o.client_order_id)
      .filter((id) => id !== undefined && id !== null);
    expect(new Set(ids).size, f.label).toBe(ids.length);
  }
}

// Exit-sync keeps producing audit events, so the audit queue need not run dry: poll the log instead.
async function syncStates(label: string, symbol: string): Promise<string[]> {
  const rows = await s.db.auditLog.findMany({
    where: { type: 'sync.status', accountId: s.follower(label).accountId },
    orderBy: { seq: 'asc' },
  });
  return rows
    .map((r) => r.payload as { symbol: string; state: string })
    .filter((p) => p.symbol === symbol)
    .map((p) => p.state);
}

describe('exit-sync', () => {
  it('repairs a follower that traded by hand (capped corrections), only reports under alert, only records under off', async () => {
    const symbol = 'ETHUSD';
    await s.trade(symbol, 'buy', 7, '3000');
    await s.settle([symbol]);
    const others = ['repair', 'alert', 'off'];
    for (const label of others) await byHand(label, symbol, 'sell', 7);
    const drifted = Date.now();
    await vi.waitFor(() => expect(position('repair', symbol)).toBe(7), wait);
    const repairedInMs = Date.now() - drifted;
    // Corrections of at most 3 contracts each, so 3 + 3 + 1.
    const corrections = s.sim.control
      .orders(s.follower('repair').simUserId)
      .filter((o) => o.client_order_id?.startsWith('cr'));
    expect(corrections.map((o) => Number(o.size))).toEqual([3, 3, 1]);
    await vi.waitFor(async () => {
      expect(await syncStates('alert', symbol)).toContain('drifting');
      expect(await syncStates('off', symbol)).toContain('drifting');
    }, auditWait);
    expect(position('alert', symbol)).toBe(0);
    expect(position('off', symbol)).toBe(0);
    await vi.waitFor(async () => {
      const row = await s.db.positionSyncStatus.findUnique({
        where: { followId_symbol: { followId: followIdOf('repair'), symbol } },
      });
      expect(row).toMatchObject({ state: 'in_sync', actual: 7, drift: 0 });
    }, auditWait);
    // The row carries what the exchange says the position is worth (no fill has moved it since).
    const row = await s.db.positionSyncStatus.findUniqueOrThrow({
      where: { followId_symbol: { followId: followIdOf('repair'), symbol } },
    });
    const onSim = s.sim.control
      .positions(s.follower('repair').simUserId)
      .find((p) => p.product_symbol === symbol);
    expect(row.entryPrice?.equals(onSim!.entry_price!), `${row.entryPrice} vs ${onSim!.entry_price}`).toBe(
      true,
    );
    expect(row.realizedPnl?.equals(onSim!.realized_pnl), `${row.realizedPnl} vs ${onSim!.realized_pnl}`).toBe(
      true,
    );
    expect(row.unrealizedPnl?.toFixed()).toMatch(/^-?\d+(\.\d+)?$/);
    process.stdout.write(
      `[exit-sync] drift of 7 repaired in ${repairedInMs} ms (cycle ${CYCLE_MS} ms, cap 3)\n`,
    );
    // Back to the master's position for the next tests: everyone follows the exit.
    for (const label of ['alert', 'off']) await byHand(label, symbol, 'buy', 7);
    await s.trade(symbol, 'sell', 7, '3000');
    await s.settle([symbol]);
  });

  it("reads a master's positions about once a cycle, however many followers it has (Delta's quota is per user)", async () => {
    const reads = (simUserId: number) => s.sim.control.requests(simUserId)['GET /v2/positions/margined'] ?? 0;
    const followers = ['repair', 'alert', 'off', 'drawdown', 'close-now', 'close-later', 'preserve'];
    const before = {
      master: reads(s.masterSimUserId),
      followers: followers.map((l) => reads(s.follower(l).simUserId)),
    };
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 8 * CYCLE_MS));
    const cycles = Math.ceil((Date.now() - started) / CYCLE_MS);
    // Every follower was reconciled (its own positions read) in most of those cycles...
    for (const [i, label] of followers.entries())
      expect(reads(s.follower(label).simUserId) - before.followers[i]!, label).toBeGreaterThanOrEqual(
        cycles / 2,
      );
    // ...while the master's positions were read for all of them at once, not once per follower.
    expect(reads(s.masterSimUserId) - before.master).toBeLessThanOrEqual(cycles + 1);
  });

  it('never touches a symbol with an order in flight', async () => {
    const symbol = 'ETHUSD';
    const repair = s.follower('repair');
    const corrections = () =>
      s.sim.control.orders(repair.simUserId).filter((o) => o.client_order_id?.startsWith('cr')).length;
    const before = corrections();
    const hang = s.sim.control.injectFault({
      kind: 'hang',
      scope: { userId: repair.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    await s.trade(symbol, 'buy', 2, '3000');
    // The copy is held on its way for several cycles: its target is ahead of the position meanwhile.
    await new Promise((resolve) => setTimeout(resolve, CYCLE_MS * 4));
    expect(position('repair', symbol)).toBe(0);
    s.sim.control.clearFault(hang);
    await s.settle([symbol]);
    expect(position('repair', symbol)).toBe(2);
    expect(corrections()).toBe(before);
    await s.trade(symbol, 'sell', 2, '3000');
    await s.settle([symbol]);
  });

  it('kicks the executor for legs whose kick was lost: every follower still gets the trade', async () => {
    const symbol = 'ETHUSD';
    const kicks = redisKeys(s.prefix).copyKicks();
    const copyOrders = new Queue(queueNames.copyOrders, { connection: s.redis, prefix: s.prefix });
    try {
      // Paused, the executors read no more kicks: they look at the pause every 250 ms, and a read already
      // waiting returns within EXECUTOR_HEARTBEAT_TTL_MS (3 s).
      await copyOrders.pause();
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      await s.trade(symbol, 'buy', 3, '3000');
      await vi.waitFor(async () => expect(await s.redis.xlen(kicks)).toBe(s.followers.length), wait);
      // The kicks are lost (a Redis that lost its last writes): the legs wait with nobody to drain them.
      await s.redis.xtrim(kicks, 'MAXLEN', 0);
      await copyOrders.resume();
      const settled = await s.settle([symbol], s.followers, 20_000);
      for (const f of settled) expect(f.position, f.follower.label).toBe(3);
      // Once each: the lost kick's legs were sent by the exit-sync's kick alone.
      expectNoOrderTwice();
    } finally {
      await copyOrders.resume();
      await copyOrders.close();
    }
    await s.trade(symbol, 'sell', 3, '3000');
    await s.settle([symbol]);
  });

  it('closes every follower when the master exits while no listener watches it', async () => {
    const symbol = 'BTCUSD';
    await s.trade(symbol, 'buy', 4, '60000');
    await s.settle([symbol]);
    for (const listener of s.system.listeners.splice(0)) await listener.stop();
    await s.master.placeOrder({ productSymbol: symbol, side: 'sell', size: 4, orderType: 'market_order' });
    s.masterPosition[symbol] = 0;
    const exited = Date.now();
    const following = ['repair', 'alert', 'off', 'close-now', 'close-later', 'preserve'];
    await vi.waitFor(() => {
      for (const label of following) expect(position(label, symbol), label).toBe(0);
    }, wait);
    process.stdout.write(`[exit-sync] master exit without a listener copied in ${Date.now() - exited} ms\n`);
    // Nobody ever held the wrong side: every follower sold exactly what it had bought.
    for (const label of following) {
      const sells = s.sim.control
        .orders(s.follower(label).simUserId)
        .filter((o) => o.product_symbol === symbol && o.side === 'sell');
      expect(
        sells.reduce((sum, o) => sum + Number(o.size) - Number(o.unfilled_size), 0),
        label,
      ).toBe(4);
    }
    await s.system.addListener('listener-back');
    await s.watched();
  });

  it('rebuilds lost Redis state from the exchange: every follower converges, no order twice', async () => {
    const symbol = 'SOLUSD';
    await s.trade(symbol, 'buy', 9, '150');
    await s.settle([symbol]);
    const keys = await s.redis.keys(`${s.prefix}:book:*`);
    const positions = await s.redis.keys(`${s.prefix}:master*`);
    await s.redis.del(...keys, ...positions, ...(await s.redis.keys(`${s.prefix}:sync:*`)));
    // The master keeps trading after the loss: a partial close, then more.
    await s.trade(symbol, 'sell', 3, '150');
    await s.trade(symbol, 'buy', 1, '150');
    await vi.waitFor(() => {
      for (const label of ['repair', 'close-now', 'close-later', 'preserve'])
        expect(position(label, symbol), label).toBe(7);
    }, wait);
    expectNoOrderTwice();
    expect(
      await s.redis.hget(redisKeys(s.prefix).followerBook(s.follower('repair').accountId, symbol), 'total'),
    ).toBe('7');
  });

  it('turns a follower past its drawdown limit close-only, flattens it, and audits why', async () => {
    const symbol = 'BTCUSD';
    const drawdown = s.follower('drawdown');
    await s.trade(symbol, 'buy', 3, '60000');
    await s.settle([symbol]);
    expect(position('drawdown', symbol)).toBe(3);
    // Its equity has been twice what it is now: a 50 % drawdown against a 10 % limit.
    await s.redis.set(redisKeys(s.prefix).peakEquity(drawdown.accountId), '100000');
    await vi.waitFor(() => expect(position('drawdown', symbol)).toBe(0), wait);
    const follow = await s.db.follow.findUniqueOrThrow({ where: { id: followIdOf('drawdown') } });
    expect(follow.status).toBe('close_only');
    await vi.waitFor(async () => {
      const exits = await s.db.auditLog.findMany({
        where: { type: 'risk.exit', accountId: drawdown.accountId },
      });
      expect(exits.map((e) => (e.payload as { reason: string }).reason)).toEqual(['drawdown_limit']);
    }, auditWait);
    // The master adds: a close-only follow does not open again.
    await s.trade(symbol, 'buy', 1, '60000');
    await s.settle([symbol], [s.follower('repair')]);
    expect(position('drawdown', symbol)).toBe(0);
  });

  it('finishes a risk exit whose exit-sync stopped right after the close-only write: flattens it, audits it once', async () => {
    const symbol = 'BTCUSD';
    const label = 'drawdown-cut';
    const followId = followIdOf(label);
    await s.trade(symbol, 'buy', 2, '60000');
    await s.settle([symbol]);
    const held = s.masterPosition[symbol]!;
    expect(held).toBeGreaterThan(0);
    expect(position(label, symbol)).toBe(held);
    // What exit-sync's close-only write leaves (db/follow-writes.ts) when nothing after it ran: the
    // follow close-only with its exit pending; no event, no flatten, no settings-changed message.
    const at = new Date();
    await s.db.follow.update({
      where: { id: followId },
      data: {
        status: 'close_only',
        riskExitAt: at,
        riskExitReason: 'drawdown_limit',
        riskExitDetail: 'drawdown 50% >= limit 10%',
        riskExitPending: true,
      },
    });
    await vi.waitFor(() => expect(position(label, symbol)).toBe(0), wait);
    await vi.waitFor(async () => {
      const exits = await s.db.auditLog.findMany({
        where: { type: 'risk.exit', accountId: s.follower(label).accountId },
      });
      expect(exits.map((e) => [e.eventId, e.payload])).toEqual([
        [
          `risk.exit:${followId}:${at.getTime()}`,
          {
            followId,
            followerAccountId: s.follower(label).accountId,
            reason: 'drawdown_limit',
            detail: 'drawdown 50% >= limit 10%',
            flatten: true,
          },
        ],
      ]);
      const follow = await s.db.follow.findUniqueOrThrow({ where: { id: followId } });
      expect(follow).toMatchObject({ status: 'close_only', riskExitPending: false });
    }, auditWait);
    // Close-only from then on: the master adds, the follower stays out.
    await s.trade(symbol, 'buy', 1, '60000');
    await s.settle([symbol]);
    expect(position(label, symbol)).toBe(0);
  });

  it('ends follows as their unsubscribe mode says', async () => {
    const symbol = 'BTCUSD';
    const held = s.masterPosition[symbol]!;
    await s.settle([symbol]);

    for (const label of ['close-now', 'close-later', 'preserve'])
      expect(position(label, symbol), label).toBe(held);
    await endFollow(s.db, followIdOf('close-now'), 'close_immediately');
    await endFollow(s.db, followIdOf('close-later'), 'close_gracefully');
    await endFollow(s.db, followIdOf('preserve'), 'preserve');
    await settingsChanged();
    await vi.waitFor(async () => {
      expect(position('close-now', symbol)).toBe(0);
      expect(position('close-now', 'SOLUSD')).toBe(0);
      const stopped = await s.db.follow.findMany({
        where: { id: { in: [followIdOf('close-now'), followIdOf('preserve')] }, status: 'stopped' },
      });
      expect(stopped).toHaveLength(2);
    }, wait);
    expect(position('preserve', symbol)).toBe(held);
    expect(position('close-later', symbol)).toBe(held);
    // Gracefully: it follows its master out of each position, then stops.
    await s.trade(symbol, 'sell', held, '60000');
    await vi.waitFor(() => expect(position('close-later', symbol)).toBe(0), wait);
    const graceful = () => s.db.follow.findUniqueOrThrow({ where: { id: followIdOf('close-later') } });
    expect((await graceful()).status).toBe('close_only'); // the master still holds SOLUSD
    const sol = s.masterPosition.SOLUSD!;
    await s.trade('SOLUSD', 'sell', sol, '150');
    await vi.waitFor(async () => {
      expect(position('close-later', 'SOLUSD')).toBe(0);
      expect((await graceful()).status).toBe('stopped');
    }, wait);
    expect(position('preserve', symbol)).toBe(held);
    expect(position('preserve', 'SOLUSD')).toBe(sol);
    await vi.waitFor(
      async () => expect(await s.db.auditLog.count({ where: { type: 'follow.ended' } })).toBe(3),
      auditWait,
    );
  });
});

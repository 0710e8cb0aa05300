import type { FaultSpec } from '@copytrade/exchange-sim';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eFollower, type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Broker faults on follower accounts only: lost answers, 5xx before and after processing, a 429
// storm and a business rejection. The exchange must hold exactly one order per leg, and every
// write-ahead intent must end in a terminal state.
const SYMBOL = 'BTCUSD';
const STORM_MS = 1_500;
const wait = { timeout: 15_000, interval: 50 };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'drop', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'e500', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'e502', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'e503', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'storm', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'storm-orders', settings: { mode: 'multiplier', multiplier: '1' } },
      // 10 BTCUSD contracts at 60000 need 60 USD of margin (the mapper's estimate passes) plus
      // 0.30 of taker commission (the exchange's check does not).
      // Its key may read but not trade: a permanent refusal the mapper cannot foresee.
      { label: 'poor', permissions: ['read'], settings: { mode: 'multiplier', multiplier: '1' } },
    ],
    // Several followers' 5xx share the simulator's host circuit: keep its open period short.
    env: { BREAKER_RESET_MS: '200' },
  });
});
afterAll(async () => {
  await s?.close();
});

const postOrders = (f: E2eFollower, count: number) => ({
  userId: f.simUserId,
  route: 'POST /v2/orders',
  count,
});

function injectOrderFaults(): void {
  const faults: FaultSpec[] = [
    { kind: 'drop_response', scope: postOrders(s.follower('drop'), 1) },
    { kind: 'http_error', status: 500, scope: postOrders(s.follower('e500'), 2) },
    { kind: 'http_error', status: 502, processed: false, scope: postOrders(s.follower('e502'), 2) },
    { kind: 'http_error', status: 503, scope: postOrders(s.follower('e503'), 2) },
  ];
  for (const fault of faults) s.sim.control.injectFault(fault);
}

const faulted = () => s.followers.filter((f) => f.label !== 'poor');

describe('follower orders under broker faults', () => {
  let stormUntilMs = 0;

  it('opens every follower exactly once despite lost answers, 5xx and a 429 storm', async () => {
    injectOrderFaults();
    // Not before `stormUntilMs` may the storm follower's order reach the book.
    stormUntilMs = Date.now() + STORM_MS;
    // One storm on every call of an account (the mapper's balance reads feel it first), one on its
    // order placements only (the executor's 429 pause).
    s.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: STORM_MS,
      scope: { userId: s.follower('storm').simUserId },
    });
    s.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: STORM_MS,
      scope: { userId: s.follower('storm-orders').simUserId, route: 'POST /v2/orders' },
    });
    await s.trade(SYMBOL, 'buy', 10, '60000');
    await s.settle([SYMBOL], faulted(), 15_000);
    for (const f of faulted()) {
      expect(positionOf(s.sim, f.simUserId, SYMBOL), f.label).toBe(10);
      expect(s.sim.control.orders(f.simUserId), f.label).toHaveLength(1);
    }
    for (const label of ['storm', 'storm-orders']) {
      const [order] = s.sim.control.orders(s.follower(label).simUserId);
      expect(Number(order!.created_at) / 1_000, label).toBeGreaterThanOrEqual(stormUntilMs);
    }
    // The order-only storm was met by the executor: a rate-limit pause, not a spent attempt.
    const stormOrders = s.follower('storm-orders');
    await vi.waitFor(async () => {
      const paused = await s.db.auditLog.count({
        where: { type: 'executor.rate_limited', accountId: stormOrders.accountId },
      });
      expect(paused).toBeGreaterThan(0);
    }, wait);
    const intent = await s.db.orderIntent.findFirstOrThrow({
      where: { followerAccountId: stormOrders.accountId },
    });
    expect(intent.state).toBe('accepted');
  });

  it('tries a permanently rejected order once and records why', async () => {
    const poor = s.follower('poor');
    const intent = await vi.waitFor(async () => {
      const row = await s.db.orderIntent.findFirst({ where: { followerAccountId: poor.accountId } });
      expect(row?.state).toBe('rejected');
      return row!;
    }, wait);
    expect({ attempts: intent.attempts, errorCode: intent.errorCode }).toEqual({
      attempts: 1,
      errorCode: 'unauthorized_api_access',
    });
    expect(s.sim.control.orders(poor.simUserId)).toHaveLength(0);
    const rejected = await vi.waitFor(async () => {
      const rows = await s.db.auditLog.findMany({
        where: { type: 'order.rejected', accountId: poor.accountId },
      });
      expect(rows).toHaveLength(1);
      return rows[0]!;
    }, wait);
    expect(rejected.payload).toMatchObject({
      code: 'unauthorized_api_access',
      clientOrderId: intent.clientOrderId,
    });
    expect(rejected.correlationId).toBe(intent.correlationId);
  });

  it('closes every follower exactly once under the same faults', async () => {
    injectOrderFaults();
    await s.trade(SYMBOL, 'sell', 10, '60100');
    await s.settle([SYMBOL], s.followers, 15_000);
    for (const f of faulted()) {
      expect(positionOf(s.sim, f.simUserId, SYMBOL), f.label).toBe(0);
      const orders = s.sim.control.orders(f.simUserId);
      const intents = await s.db.orderIntent.findMany({ where: { followerAccountId: f.accountId } });
      // One exchange order per leg, none twice.
      expect(orders, f.label).toHaveLength(intents.length);
      expect(new Set(orders.map((o) => o.client_order_id)), f.label).toEqual(
        new Set(intents.map((i) => i.clientOrderId)),
      );
      expect(intents, f.label).toHaveLength(2);
    }
  });

  it('leaves no intent pending, sent or unknown', async () => {
    await vi.waitFor(async () => {
      const open = await s.db.orderIntent.findMany({
        where: { state: { in: ['pending', 'sent', 'unknown'] } },
      });
      expect(open).toEqual([]);
    }, wait);
    const states = await s.db.orderIntent.groupBy({ by: ['state'], _count: true });
    for (const row of states) expect(['accepted', 'rejected', 'resolved']).toContain(row.state);
    // The lost answers and the processed 500s were adopted by lookup, not placed again.
    const adopted = await s.db.orderIntent.findMany({
      where: { followerAccountId: { in: [s.follower('drop').accountId, s.follower('e500').accountId] } },
    });
    expect(adopted.map((i) => i.state)).toEqual(['resolved', 'resolved', 'resolved', 'resolved']);
  });
});

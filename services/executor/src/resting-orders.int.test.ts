import { randomUUID } from 'node:crypto';
import { type AuditEventOf, bookFields, type OrderLeg, redisKeys } from '@copytrade/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

// A follower order sent as a limit (the slippage guard) may rest on the exchange. It never rests past
// its leg's time limit, nor behind a reduction: it is cancelled, and what it did not fill comes back
// out of the target, so the book's total stays what the exchange holds. Judged by the simulator.
let h: ExecutorHarness;
const wait = { timeout: 10_000, interval: 25 };
const SYMBOL = 'BTCUSD';
const MARK = '60000';

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterEach(() => {
  h.sim.control.setMatching({ limitFillChunk: null });
  h.sim.control.setMarkPrice(SYMBOL, MARK);
});
afterAll(async () => {
  await h?.close();
});

const keys = () => redisKeys(h.prefix);
const orderOf = (f: SeededFollower, cid: string) =>
  h.sim.control.orders(f.simUserId).find((o) => o.client_order_id === cid);
const openOrders = (f: SeededFollower) => h.sim.control.orders(f.simUserId).filter((o) => o.state === 'open');
const positionOf = (f: SeededFollower) =>
  Number(h.sim.control.positions(f.simUserId).find((p) => p.product_symbol === SYMBOL)?.size ?? 0);

async function book(f: SeededFollower, followId: string) {
  const [total, target] = await h.redis.hmget(
    keys().followerBook(f.accountId, SYMBOL),
    bookFields.total,
    bookFields.target(followId),
  );
  return { total: Number(total), target: Number(target) };
}

/** The book as the mapper's target script leaves it once it planned the follow's legs. */
async function planned(f: SeededFollower, followId: string, target: number) {
  await h.redis.hset(keys().followerBook(f.accountId, SYMBOL), {
    [bookFields.total]: target,
    [bookFields.target(followId)]: target,
  });
}

/** A limit buy below the mark: the simulator rests it until the mark comes down to it. */
function restingBuy(f: SeededFollower, followId: string, size: number, overrides: Partial<OrderLeg> = {}) {
  return makeLeg(f.accountId, {
    followId,
    size,
    orderType: 'limit_order',
    limitPrice: '59000',
    targetAfter: size,
    ...overrides,
  });
}

function closeOf(f: SeededFollower, followId: string, size: number) {
  return makeLeg(f.accountId, {
    followId,
    side: 'sell',
    size,
    reduceOnly: true,
    leg: 'close',
    targetBefore: size,
    targetAfter: 0,
  });
}

async function finished(jobId: string, state: 'completed' | 'failed' = 'completed') {
  await vi.waitFor(async () => expect((await h.jobState(jobId)).state).toBe(state), wait);
}

async function unfilledEvents(f: SeededFollower): Promise<AuditEventOf<'order.unfilled'>[]> {
  return (await h.auditEvents()).filter(
    (e): e is AuditEventOf<'order.unfilled'> => e.type === 'order.unfilled' && e.accountId === f.accountId,
  );
}

const restingRecords = (f: SeededFollower) => h.redis.hlen(keys().restingOrders(f.accountId, SYMBOL));

describe('resting limit copies', () => {
  it('cancels a copy still resting at its time limit and takes all of it back out of the target', async () => {
    const f = await h.follower();
    const followId = randomUUID();
    const leg = restingBuy(f, followId, 3, { restingOrderTtlMs: 400 });
    await planned(f, followId, 3);
    await finished((await h.send([leg])).id!);
    expect(orderOf(f, leg.clientOrderId)).toMatchObject({ state: 'open', unfilled_size: 3 });

    await vi.waitFor(() => expect(orderOf(f, leg.clientOrderId)?.state).toBe('cancelled'), wait);
    expect(orderOf(f, leg.clientOrderId)).toMatchObject({ cancellation_reason: 'cancelled_by_user' });
    expect(openOrders(f)).toEqual([]);
    await vi.waitFor(async () => expect(await book(f, followId)).toEqual({ total: 0, target: 0 }), wait);
    expect(positionOf(f)).toBe(0);
    expect(await restingRecords(f)).toBe(0);
    await vi.waitFor(async () => {
      const [event] = await unfilledEvents(f);
      expect(event?.payload).toMatchObject({
        clientOrderId: leg.clientOrderId,
        filledSize: 0,
        remainder: 3,
        reason: 'resting_timeout',
      });
    }, wait);
  });

  it('cancels only the remainder of a partly filled resting copy', async () => {
    const f = await h.follower();
    const followId = randomUUID();
    h.sim.control.setMatching({ limitFillChunk: 2 });
    const leg = restingBuy(f, followId, 5, { restingOrderTtlMs: 1_500 });
    await planned(f, followId, 5);
    await finished((await h.send([leg])).id!);
    // The mark touches the limit once: one chunk of 2 fills, 3 keep resting.
    h.sim.control.setMarkPrice(SYMBOL, '59000');
    h.sim.control.setMarkPrice(SYMBOL, MARK);
    expect(orderOf(f, leg.clientOrderId)).toMatchObject({ state: 'open', unfilled_size: 3 });

    await vi.waitFor(() => expect(orderOf(f, leg.clientOrderId)?.state).toBe('cancelled'), wait);
    expect(orderOf(f, leg.clientOrderId)).toMatchObject({ size: 5, unfilled_size: 3 });
    expect(positionOf(f)).toBe(2);
    await vi.waitFor(async () => expect(await book(f, followId)).toEqual({ total: 2, target: 2 }), wait);
    await vi.waitFor(async () => {
      const events = await unfilledEvents(f);
      expect(events.map((e) => e.payload)).toEqual([
        expect.objectContaining({ filledSize: 2, remainder: 3, reason: 'resting_timeout' }),
      ]);
    }, wait);
  });

  it('forgets a copy that filled before its time limit, taking nothing back', async () => {
    const f = await h.follower();
    const followId = randomUUID();
    const leg = restingBuy(f, followId, 2, { restingOrderTtlMs: 600 });
    await planned(f, followId, 2);
    await finished((await h.send([leg])).id!);
    expect(await restingRecords(f)).toBe(1);
    h.sim.control.setMarkPrice(SYMBOL, '59000');
    h.sim.control.setMarkPrice(SYMBOL, MARK);
    expect(orderOf(f, leg.clientOrderId)).toMatchObject({ state: 'closed', unfilled_size: 0 });

    await vi.waitFor(async () => expect(await restingRecords(f)).toBe(0), wait);
    expect(positionOf(f)).toBe(2);
    expect(await book(f, followId)).toEqual({ total: 2, target: 2 });
    expect(await unfilledEvents(f)).toEqual([]);
  });

  it('waits for a drain in progress before it cancels (same drain lock)', async () => {
    const f = await h.follower();
    const followId = randomUUID();
    const leg = restingBuy(f, followId, 1, { restingOrderTtlMs: 200 });
    await planned(f, followId, 1);
    await finished((await h.send([leg])).id!);
    const lockKey = keys().drainLock(f.accountId, SYMBOL);
    await h.redis.set(lockKey, 'another-drainer', 'PX', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(orderOf(f, leg.clientOrderId)?.state).toBe('open');
    await h.redis.del(lockKey);
    await vi.waitFor(() => expect(orderOf(f, leg.clientOrderId)?.state).toBe('cancelled'), wait);
    await vi.waitFor(async () => expect(await book(f, followId)).toEqual({ total: 0, target: 0 }), wait);
  });

  it('cancels a resting copy before a reduction, so the close leaves nothing open and the book flat', async () => {
    const f = await h.follower();
    const followId = randomUUID();
    h.sim.control.setMatching({ limitFillChunk: 1 });
    // Its time limit is far off: only the close can end it within this test.
    const open = restingBuy(f, followId, 4, { restingOrderTtlMs: 60_000 });
    await planned(f, followId, 4);
    await finished((await h.send([open])).id!);
    h.sim.control.setMarkPrice(SYMBOL, '59000');
    h.sim.control.setMarkPrice(SYMBOL, MARK);
    expect(positionOf(f)).toBe(1);

    // The master leaves: the mapper plans a reduce-only close of the whole target.
    const close = closeOf(f, followId, 4);
    await planned(f, followId, 0);
    await finished((await h.send([close])).id!);
    expect(openOrders(f)).toEqual([]);
    expect(orderOf(f, open.clientOrderId)).toMatchObject({ state: 'cancelled', unfilled_size: 3 });
    // The exchange clips the close to the one contract held.
    expect(orderOf(f, close.clientOrderId)).toMatchObject({ state: 'closed', size: 1, unfilled_size: 0 });
    expect(positionOf(f)).toBe(0);
    expect(await book(f, followId)).toEqual({ total: 0, target: 0 });
    expect(await restingRecords(f)).toBe(0);
    await vi.waitFor(async () => {
      const reasons = (await unfilledEvents(f)).map((e) => [e.payload.clientOrderId, e.payload.reason]);
      expect(reasons).toContainEqual([open.clientOrderId, 'before_reduction']);
    }, wait);
  });
});

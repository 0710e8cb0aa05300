import { bookFields, channels, redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eFollower, type E2eSession, startE2eSession } from './support/e2e-session.ts';
import { ExpectedTargets } from './support/expected-targets.ts';

// The copy path under everything at once: two masters sharing followers, 5% of follower orders
// answered by a dropped connection, one order held past the broker timeout, one follower in a 429
// storm and one follow switched to close-only mid-session. Every follower must end at the exact sum
// of its follows' targets, worked out here from the masters' trades, with one exchange order per leg.
const BTC = 'BTCUSD';
const ETH = 'ETHUSD';
const SYMBOLS = [BTC, ETH];
const STORM_MS = 3_000;
const BROKER_TIMEOUT_MS = 800;
const SETTLE_MS = 25_000;
const wait = { timeout: 15_000, interval: 50 };

interface Trade {
  master: 'A' | 'B';
  symbol: string;
  side: 'buy' | 'sell';
  size: number;
  mark: string;
}
const t = (master: 'A' | 'B', symbol: string, side: 'buy' | 'sell', size: number, mark: string): Trade => ({
  master,
  symbol,
  side,
  size,
  mark,
});

// Trades of one round go at the same time (never two on one master and symbol).
const opening: Trade[][] = [
  [t('A', BTC, 'buy', 10, '60000'), t('B', ETH, 'buy', 5, '3000')],
  [t('B', BTC, 'buy', 4, '60100')],
  [t('A', ETH, 'buy', 6, '3010'), t('A', BTC, 'buy', 5, '60100')],
  [t('B', ETH, 'sell', 2, '3020')],
];
// After the close-only switch, in the storm: an add on A with B's flip on the same symbol at once,
// a partial close, A's flip with an add on B.
const stormy: Trade[][] = [
  [t('A', BTC, 'buy', 5, '60200'), t('B', BTC, 'sell', 10, '60200')],
  [t('A', ETH, 'sell', 4, '3000')],
  [t('A', BTC, 'sell', 25, '59900'), t('B', ETH, 'buy', 4, '3000')],
];
const exits: Trade[][] = [
  [t('A', BTC, 'buy', 3, '59800')],
  [t('B', BTC, 'buy', 6, '59900'), t('A', ETH, 'sell', 2, '2990')],
  [t('B', ETH, 'sell', 7, '2980'), t('A', BTC, 'buy', 2, '60000')],
];

const x = (multiplier: string) => ({ mode: 'multiplier' as const, multiplier });
let s: E2eSession;
let expected: ExpectedTargets;

beforeAll(async () => {
  s = await startE2eSession({
    masters: [{ label: 'A' }, { label: 'B' }],
    followers: [
      { label: 'both', follows: { A: x('1'), B: x('2') } },
      { label: 'only-a', follows: { A: x('2') } },
      { label: 'only-b', follows: { B: x('1') } },
      { label: 'storm', follows: { A: x('1'), B: x('1') } },
      { label: 'close-only', follows: { A: x('1'), B: x('1') } },
    ],
    env: { BROKER_TIMEOUT_MS: String(BROKER_TIMEOUT_MS) },
  });
  expected = new ExpectedTargets(s.followers);
  // 5% of every follower's order placements execute but lose their answer (masters keep theirs).
  for (const f of s.followers)
    s.sim.control.injectFault({
      kind: 'drop_response',
      rate: 0.05,
      scope: { userId: f.simUserId, route: 'POST /v2/orders' },
    });
});
afterAll(async () => {
  await s?.close();
});

async function play(rounds: Trade[][]): Promise<void> {
  for (const round of rounds) {
    await Promise.all(round.map((tr) => s.masterOf(tr.master).trade(tr.symbol, tr.side, tr.size, tr.mark)));
    for (const tr of round) {
      const position = s.masterOf(tr.master).position[tr.symbol] ?? 0;
      expected.masterMoved(tr.master, tr.symbol, position);
    }
  }
}

/** Once settled, each follower holds on the exchange exactly the sum of its follows' expected targets. */
async function expectAtTargets(): Promise<void> {
  await s.settle(SYMBOLS, s.followers, SETTLE_MS);
  const keys = redisKeys(s.prefix);
  for (const f of s.followers) {
    for (const symbol of SYMBOLS) {
      const what = `${f.label} ${symbol}`;
      expect(positionOf(s.sim, f.simUserId, symbol), `${what} position`).toBe(expected.total(f, symbol));
      for (const follow of f.follows) {
        const book = await s.redis.hget(
          keys.followerBook(f.accountId, symbol),
          bookFields.target(follow.followId),
        );
        expect(Number(book ?? 0), `${what} share of ${follow.master.label}`).toBe(
          expected.of(follow, symbol),
        );
      }
    }
  }
}

const ordersOf = (f: E2eFollower) => s.sim.control.orders(f.simUserId);

describe('the copy path under faults, two masters, a storm and a close-only switch', () => {
  it('opens both masters on two symbols through lost answers and a timed-out order', async () => {
    const onlyB = s.follower('only-b');
    // Its next order reaches the exchange only after the broker timeout: an unknown outcome.
    s.sim.control.injectFault({
      kind: 'latency',
      ms: 2 * BROKER_TIMEOUT_MS,
      scope: { userId: onlyB.simUserId, route: 'POST /v2/orders', count: 1 },
    });
    await play(opening);
    expect(s.masterOf('A').position).toEqual({ [BTC]: 15, [ETH]: 6 });
    expect(s.masterOf('B').position).toEqual({ [BTC]: 4, [ETH]: 3 });
    await expectAtTargets();
    expect(positionOf(s.sim, s.follower('both').simUserId, BTC)).toBe(15 + 2 * 4);
    // The late order executed after the executor gave up waiting, and was found by its client order
    // id, not placed again.
    const adopted = await s.db.orderIntent.findMany({
      where: { followerAccountId: onlyB.accountId, state: 'resolved' },
    });
    const executedAt = new Map(ordersOf(onlyB).map((o) => [o.client_order_id, Number(o.created_at) / 1_000]));
    const lateBy = adopted.map(
      (i) => (executedAt.get(i.clientOrderId) ?? 0) - (i.sentAt?.getTime() ?? Infinity),
    );
    expect(Math.max(...lateBy)).toBeGreaterThanOrEqual(BROKER_TIMEOUT_MS);
  });

  it('follows a close-only switch and a 429 storm mid-session, and the stormed follower catches up', async () => {
    const closeOnly = s.follower('close-only');
    const followA = closeOnly.follows.find((follow) => follow.master.label === 'A')!;
    await s.db.follow.update({ where: { id: followA.followId }, data: { status: 'close_only' } });
    await s.redis.publish(channels(s.prefix).settingsChanged, JSON.stringify({ reason: 'test' }));
    expected.setStatus(followA.followId, 'close_only');

    const storm = s.follower('storm');
    const before = new Set(ordersOf(storm).map((o) => o.id));
    const stormUntilMs = Date.now() + STORM_MS;
    s.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: STORM_MS,
      scope: { userId: storm.simUserId },
    });
    await play(stormy);
    expect(s.masterOf('A').position).toEqual({ [BTC]: -5, [ETH]: 2 });
    expect(s.masterOf('B').position).toEqual({ [BTC]: -6, [ETH]: 7 });
    await expectAtTargets();
    // Its A share never added after the switch and went flat on A's flip (active, it would be short 11).
    expect(positionOf(s.sim, closeOnly.simUserId, BTC)).toBe(-6);
    expect(positionOf(s.sim, closeOnly.simUserId, ETH)).toBe(2 + 7);
    // Nothing of the storm follower traded during the storm, and it still reached its targets.
    const late = ordersOf(storm).filter((o) => !before.has(o.id));
    expect(late.length).toBeGreaterThan(0);
    for (const o of late) expect(Number(o.created_at) / 1_000).toBeGreaterThanOrEqual(stormUntilMs);
  });

  it('exits everything: every follower flat, exactly as the masters', async () => {
    await play(exits);
    for (const master of s.masters) expect(master.position).toEqual({ [BTC]: 0, [ETH]: 0 });
    await expectAtTargets();
    for (const f of s.followers)
      for (const symbol of SYMBOLS) expect(positionOf(s.sim, f.simUserId, symbol), f.label).toBe(0);
  });

  it('holds one exchange order per leg: no client order id twice, every intent terminal', async () => {
    const all = s.followers.flatMap((f) => ordersOf(f).map((o) => o.client_order_id));
    expect(new Set(all).size).toBe(all.length);
    await vi.waitFor(async () => {
      const open = await s.db.orderIntent.findMany({
        where: { state: { in: ['pending', 'sent', 'unknown'] } },
      });
      expect(open).toEqual([]);
    }, wait);
    // The seeded simulator drops 3 or 4 of the ~65 placements (its draws 2, 23, 48 and 64 fall under
    // 5%); each lost answer was adopted by lookup, as was the late order.
    expect(await s.db.orderIntent.count({ where: { state: 'resolved' } })).toBeGreaterThanOrEqual(3);
    for (const f of s.followers) {
      const intents = await s.db.orderIntent.findMany({ where: { followerAccountId: f.accountId } });
      const traded = intents.filter((i) => i.state === 'accepted' || i.state === 'resolved');
      expect(new Set(ordersOf(f).map((o) => o.client_order_id)), f.label).toEqual(
        new Set(traded.map((i) => i.clientOrderId)),
      );
      for (const o of ordersOf(f)) expect(o.unfilled_size, `${f.label} ${o.client_order_id}`).toBe(0);
    }
  });
});

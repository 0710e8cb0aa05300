import { randomBytes, randomUUID } from 'node:crypto';
import { copyKickEntry, type OrderLeg, orderLeg } from '@copytrade/contracts';
import {
  applyToBook,
  emptyBook,
  planOrders,
  type FollowerBook,
  type TargetState,
  transitionExamples,
} from '@copytrade/copy-engine';
import { createRedis } from '@copytrade/runtime';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { type DecisionNote, decisionRecord } from '../handlers/decision-record.ts';
import { type LegContext, type LegOrderIds, loadTargetScript } from './target-script.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const script = loadTargetScript(redis);
let run = 0;

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const context: LegContext = {
  correlationId: 'mf_test',
  followerAccountId: randomUUID(),
  masterAccountId: randomUUID(),
  followId: randomUUID(),
  symbol: 'BTCUSD',
  productId: 27,
  orderType: 'market_order',
  limitPrice: null,
  seq: 1,
  detectedAtMs: 1_700_000_000_000,
  plannedAtMs: 1_700_000_000_123,
};

const orderIds = (seq: number): LegOrderIds => ({
  open: `open${seq}`,
  close: `close${seq}`,
  increase: `increase${seq}`,
  reduce: `reduce${seq}`,
});

function freshKeys() {
  run += 1;
  return {
    bookKey: `${prefix}:book:${run}`,
    outboxKey: `${prefix}:outbox:${run}`,
    kickStreamKey: `${prefix}:kicks:${run}`,
    kick: { followerAccountId: context.followerAccountId, symbol: context.symbol, correlationId: 'mf_test' },
  };
}

const FOLLOW = 'follow-a';

/** The book as copy-engine's spec models it. */
async function bookOf(key: string): Promise<FollowerBook> {
  const h = await redis.hgetall(key);
  const follows: Record<string, TargetState> = {};
  for (const [field, value] of Object.entries(h)) {
    const [follow, kind] = field.split(':');
    if (kind === 'seq')
      follows[follow!] = { lastSeq: Number(value), lastTarget: Number(h[`${follow}:target`]) };
  }
  return { total: Number(h.total ?? 0), follows };
}

async function seed(key: string, state: TargetState | null): Promise<void> {
  if (state)
    await redis.hset(key, {
      [`${FOLLOW}:seq`]: state.lastSeq,
      [`${FOLLOW}:target`]: state.lastTarget,
      [`${FOLLOW}:cids`]: '[]',
      total: state.lastTarget,
    });
}

const bare = ({ side, size, reduceOnly, leg }: OrderLeg) => ({ side, size, reduceOnly, leg });

interface Update {
  follow: string;
  seq: number;
  target: number;
}

/** Only the ids of the legs that move the total from `before` to `after`, the others ''. */
const plannedIds = (seq: number, before: number, after: number): LegOrderIds => {
  const all = orderIds(seq);
  const kinds = planOrders(before, after).map((l) => l.leg);
  const only = (kind: keyof LegOrderIds) => (kinds.includes(kind) ? all[kind] : '');
  return { open: only('open'), close: only('close'), increase: only('increase'), reduce: only('reduce') };
};

/**
 * Applies updates to the spec and to the script; they must agree at every step. `planned`: each
 * update carries only the ids of the legs the spec expects, which must be all the script needs.
 */
async function compare(updates: Update[], planned = false): Promise<void> {
  const keys = freshKeys();
  let spec: FollowerBook = emptyBook;
  const outbox: string[] = [];
  const returned: OrderLeg[] = [];
  for (const u of updates) {
    const expected = applyToBook(spec, u.follow, u.seq, u.target);
    const got = await script.apply({
      ...keys,
      followId: u.follow,
      seq: u.seq,
      target: u.target,
      masterPosition: u.target,
      context: { ...context, seq: u.seq },
      orderIds:
        planned && expected.outcome === 'applied'
          ? plannedIds(u.seq, expected.totalBefore, expected.book.total)
          : orderIds(u.seq),
    });
    expect(got.outcome).toBe(expected.outcome);
    if (got.outcome === 'applied' && expected.outcome === 'applied') {
      expect(got.legs.map(bare)).toEqual(expected.legs);
      expect(got.totalBefore).toBe(expected.totalBefore);
      for (const leg of got.legs) {
        expect(leg).toMatchObject({
          ...context,
          seq: u.seq,
          targetBefore: expected.totalBefore,
          targetAfter: expected.book.total,
        });
        expect(leg.clientOrderId).toBe(orderIds(u.seq)[leg.leg as keyof LegOrderIds]);
        outbox.push(leg.clientOrderId);
        returned.push(leg);
      }
    } else if (got.outcome === 'stale' && expected.outcome === 'stale') {
      expect(got.lastSeq).toBe(expected.lastSeq);
    }
    spec = expected.book;
    expect(await bookOf(keys.bookKey)).toEqual(spec);
  }
  const pushed = await redis.lrange(keys.outboxKey, 0, -1);
  expect(pushed.map((leg) => JSON.parse(leg).clientOrderId)).toEqual(outbox);
  // The legs the script returns are the ones it queued, field for field.
  expect(pushed.map((leg) => JSON.parse(leg))).toEqual(returned);
  await redis.del(keys.bookKey, keys.outboxKey);
}

// Two follows' targets add up, and a step moves the total by up to twice a target: each stays within
// a quarter of the exact integer range, so every sum the script forms is exact in Lua's doubles (half
// the range let a total plus a flip's delta pass 2^53 and round: seed -461385398).
const LARGEST = Math.floor(Number.MAX_SAFE_INTEGER / 4);
const target = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -30, max: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, LARGEST, -LARGEST) },
  { weight: 1, arbitrary: fc.integer({ min: -LARGEST, max: LARGEST }) },
);

/** Two masters' fills (seq 1..n) on one follower, delivered in order, shuffled, or with duplicates. */
const deliveries: fc.Arbitrary<Update[]> = fc
  .array(fc.tuple(fc.constantFrom('follow-a', 'follow-b'), target), { minLength: 1, maxLength: 12 })
  .map((steps) => steps.map(([follow, t], i) => ({ follow, seq: i + 1, target: t })))
  .chain((ordered) =>
    fc.oneof(
      fc.constant(ordered),
      fc.shuffledSubarray(ordered, { minLength: ordered.length, maxLength: ordered.length }),
      fc
        .tuple(fc.array(fc.constantFrom(...ordered), { minLength: 1, maxLength: 6 }), fc.array(target))
        .chain(([dups, other]) =>
          fc.shuffledSubarray(
            // A replay may even carry a different target for a seen seq: the guard must still win.
            [
              ...ordered,
              ...dups,
              ...dups.slice(0, other.length).map((d, i) => ({ ...d, target: other[i]! })),
            ],
            { minLength: ordered.length + dups.length, maxLength: ordered.length + dups.length },
          ),
        ),
    ),
  );

describe('apply-target-4.lua', () => {
  it.each(transitionExamples.map((e) => [e.name, e] as const))('transition example: %s', async (_name, e) => {
    const keys = freshKeys();
    await seed(keys.bookKey, e.before);
    const got = await script.apply({
      ...keys,
      followId: FOLLOW,
      masterPosition: e.target,
      seq: e.seq,
      target: e.target,
      context,
      orderIds: orderIds(e.seq),
    });
    expect(got.outcome).toBe(e.applied ? 'applied' : 'stale');
    const legs = got.outcome === 'applied' ? got.legs : [];
    expect(legs.map(bare)).toEqual(e.legs);
    expect(legs.reduce((sum, l) => sum + (l.side === 'buy' ? l.size : -l.size), 0)).toBe(e.delta);
    expect((await bookOf(keys.bookKey)).follows[FOLLOW]).toEqual(e.after);
    expect(await redis.llen(keys.outboxKey)).toBe(e.legs.length);
  });

  it('applies a batch update by update, in order, the legs it returns being the ones it queued; one that fails fails alone', async () => {
    const [a, b, c] = [freshKeys(), freshKeys(), freshKeys()];
    await redis.set(b.outboxKey, 'not a list');
    const base = { followId: FOLLOW, seq: 1, target: 3, masterPosition: 3, context, orderIds: orderIds(1) };
    const results = await script.applyMany([
      { ...base, ...a },
      { ...base, ...b },
      { ...base, ...a, seq: 2, target: -1, masterPosition: -1, orderIds: orderIds(2) },
      { ...base, ...c },
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true, true]);
    expect(results[1]).toMatchObject({ ok: false, error: { message: expect.stringMatching(/WRONGTYPE/) } });
    expect(await redis.hgetall(b.bookKey)).toEqual({});
    const legs = results.flatMap((r) => (r.ok && r.value.outcome === 'applied' ? r.value.legs : []));
    expect(legs.map((l) => [l.leg, l.side, l.size])).toEqual([
      ['open', 'buy', 3],
      ['close', 'sell', 3],
      ['open', 'sell', 1],
      ['open', 'buy', 3],
    ]);
    const queued = [
      ...(await redis.lrange(a.outboxKey, 0, -1)),
      ...(await redis.lrange(c.outboxKey, 0, -1)),
    ].map((leg) => orderLeg.parse(JSON.parse(leg)));
    expect(legs).toEqual(queued);
  });

  it('returns the last legs’ client order ids to a replay of the same seq', async () => {
    const keys = freshKeys();
    const f = { ...keys, followId: FOLLOW, context, masterPosition: 0 };
    await script.apply({ ...f, seq: 3, target: 4, orderIds: orderIds(3) });
    await script.apply({ ...f, seq: 4, target: -2, orderIds: orderIds(4) });
    expect(await script.apply({ ...f, seq: 4, target: 9, orderIds: orderIds(4) })).toEqual({
      outcome: 'stale',
      lastSeq: 4,
      lastCids: ['close4', 'open4'],
    });
    expect(await redis.llen(keys.outboxKey)).toBe(3);
  });

  it('keeps the decision it committed in the seq’s slot, expiring, and only when applied', async () => {
    const keys = freshKeys();
    const decisions = `${keys.bookKey}:decisions`;
    const f = { ...keys, followId: FOLLOW, context, masterPosition: 0 };
    const keep = (seq: number, note: DecisionNote) => ({
      key: decisions,
      field: `slot-${seq}`,
      ttlMs: 60_000,
      note,
    });
    const kept = async (seq: number) => {
      const raw = await redis.hget(decisions, `slot-${seq}`);
      return raw === null ? null : decisionRecord.parse(JSON.parse(raw));
    };
    await script.apply({ ...f, seq: 1, target: 4, orderIds: orderIds(1) });
    expect(await redis.exists(decisions)).toBe(0);
    const refusedFlip = {
      correlationId: 'mf_2',
      ok: false as const,
      reason: 'max_position',
      detail: 'cap 2',
    };
    await script.apply({
      ...f,
      seq: 2,
      target: 0,
      decidedOn: 4,
      orderIds: orderIds(2),
      decision: keep(2, refusedFlip),
    });
    const second = {
      ...refusedFlip,
      targetBefore: 4,
      targetAfter: 0,
      totalBefore: 4,
      totalAfter: 0,
      legs: [{ clientOrderId: 'close2', side: 'sell', size: 4, reduceOnly: true, leg: 'close' }],
    };
    expect(await kept(2)).toEqual(second);
    expect(await redis.pttl(decisions)).toBeGreaterThan(50_000);
    // Refused steps (stale, moved) keep nothing.
    const other = { correlationId: 'mf_3', ok: true as const };
    await script.apply({ ...f, seq: 2, target: 7, orderIds: orderIds(2), decision: keep(2, other) });
    await script.apply({
      ...f,
      seq: 3,
      target: 7,
      decidedOn: 5,
      orderIds: orderIds(3),
      decision: keep(3, other),
    });
    expect(await kept(2)).toEqual(second);
    expect(await kept(3)).toBeNull();
    // A flip keeps both legs, beside the earlier decision.
    await script.apply({
      ...f,
      seq: 3,
      target: 3,
      decidedOn: 0,
      orderIds: orderIds(3),
      decision: keep(3, other),
    });
    const flip = { correlationId: 'mf_4', ok: true as const };
    await script.apply({
      ...f,
      seq: 4,
      target: -2,
      decidedOn: 3,
      orderIds: orderIds(4),
      decision: keep(4, flip),
    });
    expect(await kept(4)).toEqual({
      ...flip,
      targetBefore: 3,
      targetAfter: -2,
      totalBefore: 3,
      totalAfter: -2,
      legs: [
        { clientOrderId: 'close4', side: 'sell', size: 3, reduceOnly: true, leg: 'close' },
        { clientOrderId: 'open4', side: 'sell', size: 2, reduceOnly: false, leg: 'open' },
      ],
    });
    expect(await kept(2)).toEqual(second);
    // The book holds the state only.
    expect(Object.keys(await redis.hgetall(keys.bookKey)).sort()).toEqual(
      ['cids', 'master', 'seq', 'target']
        .map((field) => `${FOLLOW}:${field}`)
        .concat('total')
        .sort(),
    );
  });

  it('refuses a decision made on a target that moved, and commits one made on the current target', async () => {
    const keys = freshKeys();
    const f = { ...keys, followId: FOLLOW, context, masterPosition: 0 };
    await script.apply({ ...f, seq: 1, target: 10, decidedOn: 0, orderIds: orderIds(1) });
    expect(await script.apply({ ...f, seq: 2, target: 0, decidedOn: 0, orderIds: orderIds(2) })).toEqual({
      outcome: 'moved',
      lastTarget: 10,
    });
    expect(await redis.llen(keys.outboxKey)).toBe(1);
    const got = await script.apply({ ...f, seq: 2, target: 20, decidedOn: 10, orderIds: orderIds(2) });
    expect(got.outcome).toBe('applied');
    expect(await bookOf(keys.bookKey)).toEqual({
      total: 20,
      follows: { [FOLLOW]: { lastSeq: 2, lastTarget: 20 } },
    });
  });

  it('a resync applies only at the follow’s current seq, does not advance it, and keeps the master position', async () => {
    const keys = freshKeys();
    const f = { ...keys, followId: FOLLOW, context };
    await script.apply({ ...f, seq: 4, target: 10, masterPosition: 10, orderIds: orderIds(4) });
    expect(
      await script.apply({
        ...f,
        seq: 3,
        target: 0,
        masterPosition: 0,
        resync: true,
        orderIds: orderIds(90),
      }),
    ).toMatchObject({ outcome: 'stale', lastSeq: 4 });
    const got = await script.apply({
      ...f,
      seq: 4,
      target: 0,
      masterPosition: 0,
      resync: true,
      orderIds: orderIds(91),
    });
    expect(got.outcome).toBe('applied');
    expect(
      await redis.hmget(keys.bookKey, `${FOLLOW}:seq`, `${FOLLOW}:target`, `${FOLLOW}:master`, 'total'),
    ).toEqual(['4', '0', '0', '0']);
    // The next real fill (seq 5) still applies.
    expect(
      (await script.apply({ ...f, seq: 5, target: 3, masterPosition: 3, orderIds: orderIds(5) })).outcome,
    ).toBe('applied');
  });

  it('agrees with applyToBook over ordered, shuffled and duplicated deliveries of two masters', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries, (updates) => compare(updates)),
      { numRuns: 250 },
    );
  });

  it('needs only the ids of the legs planned on the current total', async () => {
    await fc.assert(
      fc.asyncProperty(deliveries, (updates) => compare(updates, true)),
      { numRuns: 100 },
    );
  });

  it('changes nothing and asks for every id when a leg it needs has no id (the total moved)', async () => {
    const keys = freshKeys();
    const base = { ...keys, seq: 1, masterPosition: 4, context, orderIds: orderIds(1) };
    await script.apply({ ...base, followId: 'other', target: 4 });
    const book = await redis.hgetall(keys.bookKey);
    // Planned on a total of 0 (an open), but another follow took it to 4: an increase is needed.
    const planned = plannedIds(1, 0, 4);
    expect(
      await script.apply({ ...base, followId: FOLLOW, target: 4, decidedOn: 0, orderIds: planned }),
    ).toEqual({
      outcome: 'unplanned',
    });
    expect(await redis.hgetall(keys.bookKey)).toEqual(book);
    expect(await redis.llen(keys.outboxKey)).toBe(1);
    const got = await script.apply({ ...base, followId: FOLLOW, target: 4, decidedOn: 0 });
    expect(got).toMatchObject({ outcome: 'applied', totalBefore: 4 });
    expect(got.outcome === 'applied' && got.legs.map((l) => [l.leg, l.clientOrderId])).toEqual([
      ['increase', orderIds(1).increase],
    ]);
  });

  it('queues the kick of the legs it queues in the same step, flagged when they close, with the trace context', async () => {
    const keys = freshKeys();
    const base = { ...keys, followId: FOLLOW, context };
    const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    await script.apply({ ...base, seq: 1, target: 3, masterPosition: 3, orderIds: orderIds(1), trace });
    // A fill that moves nothing (same target) and a stale one queue no kick.
    await script.apply({ ...base, seq: 2, target: 3, masterPosition: 3, orderIds: orderIds(2) });
    await script.apply({ ...base, seq: 1, target: 9, masterPosition: 9, orderIds: orderIds(9) });
    // A flip: a close, then an open that depends on it.
    await script.apply({ ...base, seq: 3, target: -2, masterPosition: -2, orderIds: orderIds(3) });
    const entries = await redis.xrange(keys.kickStreamKey, '-', '+');
    const fields = entries.map(([, f]) =>
      Object.fromEntries([
        [f[0], f[1]],
        [f[2], f[3]],
      ]),
    );
    expect(fields.map((f) => JSON.parse(f.kick!))).toEqual([
      { ...keys.kick, clientOrderIds: [orderIds(1).open], closes: false },
      { ...keys.kick, clientOrderIds: [orderIds(3).close, orderIds(3).open], closes: true },
    ]);
    expect(fields.map((f) => f.trace)).toEqual([JSON.stringify(trace), undefined]);
    expect(copyKickEntry.safeParse(JSON.parse(fields[0]!.kick!)).success).toBe(true);
  });
});

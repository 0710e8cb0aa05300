import { randomBytes, randomUUID } from 'node:crypto';
import type { OrderLeg } from '@copytrade/contracts';
import { applyUpdate, type TargetState, transitionExamples } from '@copytrade/copy-engine';
import { createRedis } from '@copytrade/runtime';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
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
  return { stateKey: `${prefix}:state:${run}`, outboxKey: `${prefix}:outbox:${run}` };
}

async function stateOf(key: string): Promise<TargetState | null> {
  const h = await redis.hgetall(key);
  if (h.lastSeq === undefined) return null;
  return { lastSeq: Number(h.lastSeq), lastTarget: Number(h.lastTarget) };
}

async function seed(key: string, state: TargetState | null): Promise<void> {
  if (state) await redis.hset(key, { lastSeq: state.lastSeq, lastTarget: state.lastTarget, lastCids: '[]' });
}

const bare = ({ side, size, reduceOnly, leg }: OrderLeg) => ({ side, size, reduceOnly, leg });

interface Update {
  seq: number;
  target: number;
}

/** Applies updates to the spec and to the script; they must agree at every step. */
async function compare(updates: Update[]): Promise<void> {
  const keys = freshKeys();
  let spec: TargetState | null = null;
  const outbox: string[] = [];
  for (const u of updates) {
    const expected = applyUpdate(spec, u.seq, u.target);
    const before = spec?.lastTarget ?? 0;
    const got = await script.apply({
      ...keys,
      ...u,
      context: { ...context, seq: u.seq },
      orderIds: orderIds(u.seq),
    });
    expect(got.applied).toBe(expected.applied);
    if (got.applied) {
      expect(got.legs.map(bare)).toEqual(expected.legs);
      for (const leg of got.legs) {
        expect(leg).toMatchObject({ ...context, seq: u.seq, targetBefore: before, targetAfter: u.target });
        expect(leg.clientOrderId).toBe(orderIds(u.seq)[leg.leg as keyof LegOrderIds]);
        outbox.push(leg.clientOrderId);
      }
    } else {
      expect(got.lastSeq).toBe(spec?.lastSeq);
    }
    spec = expected.state;
    expect(await stateOf(keys.stateKey)).toEqual(spec);
  }
  const pushed = await redis.lrange(keys.outboxKey, 0, -1);
  expect(pushed.map((leg) => JSON.parse(leg).clientOrderId)).toEqual(outbox);
  await redis.del(keys.stateKey, keys.outboxKey);
}

const target = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -30, max: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER) },
  { weight: 1, arbitrary: fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }) },
);

/** A master's fills in order (seq 1..n), then delivered in order, shuffled, or with duplicates. */
const deliveries: fc.Arbitrary<Update[]> = fc
  .array(target, { minLength: 1, maxLength: 12 })
  .map((targets) => targets.map((t, i) => ({ seq: i + 1, target: t })))
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

describe('apply-target-2.lua', () => {
  it.each(transitionExamples.map((e) => [e.name, e] as const))('transition example: %s', async (_name, e) => {
    const keys = freshKeys();
    await seed(keys.stateKey, e.before);
    const got = await script.apply({
      ...keys,
      seq: e.seq,
      target: e.target,
      context,
      orderIds: orderIds(e.seq),
    });
    expect(got.applied).toBe(e.applied);
    const legs = got.applied ? got.legs : [];
    expect(legs.map(bare)).toEqual(e.legs);
    expect(legs.reduce((sum, l) => sum + (l.side === 'buy' ? l.size : -l.size), 0)).toBe(e.delta);
    expect(await stateOf(keys.stateKey)).toEqual(e.after);
    expect(await redis.llen(keys.outboxKey)).toBe(e.legs.length);
  });

  it('returns the last legs’ client order ids to a replay of the same seq', async () => {
    const keys = freshKeys();
    await script.apply({ ...keys, seq: 3, target: 4, context, orderIds: orderIds(3) });
    await script.apply({ ...keys, seq: 4, target: -2, context, orderIds: orderIds(4) });
    expect(await script.apply({ ...keys, seq: 4, target: 9, context, orderIds: orderIds(4) })).toEqual({
      applied: false,
      lastSeq: 4,
      lastCids: ['close4', 'open4'],
    });
    expect(await redis.llen(keys.outboxKey)).toBe(3);
  });

  it('agrees with applyUpdate over ordered, shuffled and duplicated deliveries', async () => {
    await fc.assert(fc.asyncProperty(deliveries, compare), { numRuns: 250 });
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { parseFillStreamEntry } from '@copytrade/contracts';
import { createRedis, defaultUrls } from '@copytrade/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScripts, type MasterFillApplication } from './load-scripts.ts';

const prefix = `t-apply-fill-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'worker');
const scripts = loadScripts(redis);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const job = {
  correlationId: 'mf_test',
  masterAccountId: randomUUID(),
  fillId: '0',
  symbol: 'BTCUSD',
  productId: 27,
  side: 'buy' as const,
  size: 1,
  price: '60000',
  occurredAtUs: 1_700_000_000_000_000,
  detectedAtMs: 1_700_000_000_000,
  source: 'ws' as const,
  fillType: 'normal',
};

/** A fresh master's keys and a way to apply fills to it. */
function master() {
  const id = randomBytes(4).toString('hex');
  const positionKey = `${prefix}:pos:${id}`;
  const seenKey = `${prefix}:seen:${id}`;
  const seenTimesKey = `${prefix}:seen-at:${id}`;
  const fillStreamKey = `${prefix}:fills:${id}`;
  const apply = (fill: Partial<MasterFillApplication> & { fillId: string; signedSize: number }) =>
    scripts.applyMasterFill({
      positionKey,
      seenKey,
      seenTimesKey,
      fillStreamKey,
      job: { ...job, fillId: fill.fillId },
      exchangePositionAfter: null,
      exchangeSequence: null,
      occurredAtUs: Number(fill.fillId) * 1_000,
      strict: false,
      nowMs: 10_000,
      seenHorizonMs: 10_000,
      ...fill,
    });
  const ws = (fillId: string, signedSize: number, po: number, se: number, strict = true) =>
    apply({ fillId, signedSize, exchangePositionAfter: po, exchangeSequence: se, strict });
  return {
    apply,
    ws,
    position: () => redis.hgetall(positionKey),
    seen: async () => Object.keys(await redis.hgetall(seenKey)).sort(),
    seenTimes: () => redis.zrange(seenTimesKey, '0', '-1', 'WITHSCORES'),
    /** The fill stream's jobs: fill id, position after, seq. */
    streamed: async () =>
      (await redis.xrange(fillStreamKey, '-', '+')).map(([, fields]) => {
        const entry = parseFillStreamEntry(fields);
        if (!entry.ok) throw new Error(entry.error);
        return [entry.value.fillId, entry.value.positionAfter, entry.value.seq];
      }),
  };
}

describe('apply-master-fill script: the WebSocket sequence', () => {
  it('applies fills whose se follows and refuses a hole, even when the position adds up', async () => {
    const m = master();
    expect(await m.ws('1', 5, 5, 1)).toMatchObject({ status: 'applied', seq: 1, positionAfter: 5 });
    expect(await m.ws('2', 1, 6, 2)).toMatchObject({ status: 'applied', seq: 2, positionAfter: 6 });
    expect(await m.ws('5', 1, 7, 5)).toMatchObject({ status: 'gap', seq: 2 });
    expect(await m.position()).toMatchObject({ pos: '6', seq: '2', se: '2' });
  });

  it('takes se = 1 after a higher one as an exchange restart, and a lower se other than 1 as a hole', async () => {
    const m = master();
    await m.ws('1', 5, 5, 40);
    expect(await m.ws('2', 1, 6, 1)).toMatchObject({ status: 'applied', seq: 2, positionAfter: 6 });
    expect(await m.ws('3', 1, 7, 2)).toMatchObject({ status: 'applied', seq: 3 });
    const n = master();
    await n.ws('1', 5, 5, 40);
    expect(await n.ws('4', 1, 6, 3)).toMatchObject({ status: 'gap' });
  });

  it('moves se on for a fill REST applied first only when the socket’s stream has no hole', async () => {
    const m = master();
    await m.ws('1', 5, 5, 1);
    await m.apply({ fillId: '2', signedSize: 1 });
    await m.apply({ fillId: '3', signedSize: 1 });
    expect(await m.ws('2', 1, 6, 2)).toMatchObject({ status: 'seen', seq: 2, positionAfter: 6 });
    expect((await m.position()).se).toBe('2');
    // se 3 never arrived: the stream has a hole, whatever REST applied.
    await m.apply({ fillId: '4', signedSize: 1 });
    expect(await m.ws('4', 1, 8, 4)).toMatchObject({ status: 'seen' });
    expect((await m.position()).se).toBe('2');
  });
});

describe('apply-master-fill script: fills covered by an exchange position', () => {
  it('records a fill older than the last applied `po` without applying it, now and when seen again', async () => {
    const m = master();
    await m.ws('1', 5, 5, 1);
    // Fill 2 (+3) was missed; fill 3 (+2) reports 10 and is applied on it.
    expect(await m.ws('3', 2, 10, 3, false)).toMatchObject({
      status: 'applied',
      positionAfter: 10,
      resynced: true,
    });
    expect(await m.apply({ fillId: '2', signedSize: 3 })).toEqual({
      status: 'covered',
      seq: 2,
      positionAfter: 10,
      resynced: false,
      covered: true,
      streamed: false,
    });
    expect(await m.apply({ fillId: '2', signedSize: 3 })).toMatchObject({ status: 'seen', covered: true });
    // Seen again, the fill applied on the exchange's position says so (its audit event is made again).
    expect(await m.apply({ fillId: '3', signedSize: 2 })).toEqual({
      status: 'seen',
      seq: 2,
      positionAfter: 10,
      resynced: true,
      covered: false,
      streamed: true,
    });
    expect(await m.apply({ fillId: '1', signedSize: 5 })).toMatchObject({ status: 'seen', resynced: false });
    // A newer REST fill still counts.
    expect(await m.apply({ fillId: '4', signedSize: -4 })).toMatchObject({
      status: 'applied',
      seq: 3,
      positionAfter: 6,
      covered: false,
    });
  });

  it('orders fills of the same microsecond by id, a longer id being newer', async () => {
    const m = master();
    await m.apply({ fillId: '10', signedSize: 1, occurredAtUs: 500 });
    await m.ws('100', 1, 7, 1, false);
    expect(await m.apply({ fillId: '99', signedSize: 1, occurredAtUs: 100_000 })).toMatchObject({
      status: 'covered',
    });
    expect(await m.apply({ fillId: '101', signedSize: 1, occurredAtUs: 100_000 })).toMatchObject({
      status: 'applied',
      positionAfter: 8,
    });
  });
});

describe('apply-master-fill script: the seen record is bounded', () => {
  const hourMs = 3_600_000;
  const now = 1_750_000_000_000;

  it('trims, as it records a fill, the fills that happened longer ago than the horizon', async () => {
    const m = master();
    const at = (ageMs: number) => (now - ageMs) * 1_000;
    const seenHorizonMs = 24 * hourMs;
    await m.apply({
      fillId: '1',
      signedSize: 1,
      occurredAtUs: at(30 * hourMs),
      nowMs: now - 7 * hourMs,
      seenHorizonMs,
    });
    await m.apply({
      fillId: '2',
      signedSize: 1,
      occurredAtUs: at(25 * hourMs),
      nowMs: now - 7 * hourMs,
      seenHorizonMs,
    });
    await m.apply({
      fillId: '3',
      signedSize: 1,
      occurredAtUs: at(2 * hourMs),
      nowMs: now - 7 * hourMs,
      seenHorizonMs,
    });
    expect(await m.seen()).toEqual(['1', '2', '3']);
    await m.apply({ fillId: '4', signedSize: 1, occurredAtUs: at(0), nowMs: now, seenHorizonMs });
    expect(await m.seen()).toEqual(['3', '4']);
    expect(await m.seenTimes()).toEqual(['3', String(now - 2 * hourMs), '4', String(now)]);
    // Trimming forgets a fill, never the position it moved.
    expect(await m.position()).toMatchObject({ pos: '4', seq: '4' });
  });

  it('trims covered fills too, and a trimmed fill counts as new again (the caller guards old fills)', async () => {
    const m = master();
    await m.ws('2', 2, 2, 1, false);
    expect(await m.apply({ fillId: '1', signedSize: 1 })).toMatchObject({ status: 'covered' });
    expect(await m.seen()).toEqual(['1', '2']);
    await m.apply({ fillId: '3', signedSize: 1, occurredAtUs: 12_000_000, nowMs: 13_000 });
    expect(await m.seen()).toEqual(['3']);
    expect(await m.apply({ fillId: '1', signedSize: 1, nowMs: 13_000 })).toMatchObject({ status: 'covered' });
  });
});

describe('apply-master-fill script: the fill stream', () => {
  it('puts the job of each fill it applies on the stream, once, in the same step; a gap or a covered fill goes nowhere', async () => {
    const m = master();
    expect(await m.ws('1', 5, 5, 1)).toMatchObject({ status: 'applied', streamed: true });
    // Seen again (REST after the socket): nothing more on the stream.
    expect(await m.apply({ fillId: '1', signedSize: 5 })).toMatchObject({ status: 'seen', streamed: true });
    expect(await m.ws('3', 1, 7, 3)).toMatchObject({ status: 'gap', streamed: false });
    // Applied on the exchange's position (its po): resynced, and streamed with that position.
    expect(await m.ws('4', 1, 9, 2, false)).toMatchObject({
      status: 'applied',
      resynced: true,
      streamed: true,
    });
    expect(await m.apply({ fillId: '4', signedSize: 1 })).toMatchObject({ resynced: true, streamed: true });
    // Older than the position the exchange reported: covered, never sent.
    expect(await m.apply({ fillId: '2', signedSize: 1 })).toMatchObject({
      status: 'covered',
      streamed: false,
    });
    expect(await m.streamed()).toEqual([
      ['1', 5, 1],
      ['4', 9, 2],
    ]);
  });
});

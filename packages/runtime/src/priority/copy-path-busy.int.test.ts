import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createRedis, waitForRedis } from '../redis/create-redis.ts';
import { COPY_PATH_BUSY_HOLD_MS, copyPathMarker, createCopyPathGate } from './copy-path-busy.ts';

const prefix = `test-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');

beforeAll(() => waitForRedis(redis));

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const keyOf = (name: string) => `${prefix}:${name}`;

describe('the copy path busy mark', () => {
  it('is set for the hold, at most three times per hold however often it is called, naming its burst', async () => {
    const key = keyOf('marks');
    let clock = 0;
    const errors: unknown[] = [];
    const mark = copyPathMarker({ redis, key, onError: (e) => errors.push(e), now: () => clock });
    // The real client, its marks counted as the marker sends them.
    const marks = vi.spyOn(redis as unknown as Record<string, () => Promise<unknown>>, 'ctMarkCopyPath');
    try {
      for (clock = 0; clock < COPY_PATH_BUSY_HOLD_MS; clock += 10) mark();
      expect(marks).toHaveBeenCalledTimes(3);
      await redis.ping();
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(COPY_PATH_BUSY_HOLD_MS);
      // Three marks, one burst: the first mark's id, kept by the others.
      const ids = marks.mock.calls.map((call) => (call as unknown[])[1]);
      expect(new Set(ids).size).toBe(3);
      expect(await redis.get(key)).toBe(ids[0]);
      // After the mark has lapsed, the next one starts a new burst.
      await setTimeout(COPY_PATH_BUSY_HOLD_MS + 50);
      clock += COPY_PATH_BUSY_HOLD_MS;
      mark();
      await redis.ping();
      expect(await redis.get(key)).toBe((marks.mock.calls.at(-1) as unknown[])[1]);
      expect(errors).toEqual([]);
    } finally {
      marks.mockRestore();
    }
  });
});

describe('the copy path gate', () => {
  it('lets work through at once while the path is quiet, and never waits with a limit of 0', async () => {
    const key = keyOf('quiet');
    expect(await createCopyPathGate({ redis, key, maxDeferMs: 2_000 }).wait()).toBeLessThan(50);
    await redis.set(key, 'burst', 'PX', 5_000);
    expect(await createCopyPathGate({ redis, key, maxDeferMs: 0 }).wait()).toBe(0);
  });

  it('holds work until the burst passes', async () => {
    const key = keyOf('burst');
    await redis.set(key, 'burst', 'PX', 400);
    const waited = await createCopyPathGate({ redis, key, maxDeferMs: 5_000 }).wait();
    expect(waited).toBeGreaterThanOrEqual(300);
    expect(waited).toBeLessThan(1_500);
    expect(await redis.exists(key)).toBe(0);
  });

  it('holds a burst up for maxDeferMs at most, then lets work through while that burst lasts', async () => {
    const key = keyOf('long');
    const gate = createCopyPathGate({ redis, key, maxDeferMs: 200 });
    await redis.set(key, 'first', 'PX', 60_000);
    const first = await gate.wait();
    expect(first).toBeGreaterThanOrEqual(190);
    expect(first).toBeLessThan(1_000);
    // The same burst: no second deferral, so work that keeps coming is never starved.
    expect(await gate.wait()).toBeLessThan(50);
    expect(await gate.wait()).toBeLessThan(50);
    // Quiet once, then a new burst: held up again.
    await redis.del(key);
    expect(await gate.wait()).toBeLessThan(50);
    await redis.set(key, 'second', 'PX', 60_000);
    expect(await gate.wait()).toBeGreaterThanOrEqual(190);
    await redis.del(key);
  });

  it('keeps a burst’s pass however far apart the calls come, while the copies keep marking it', async () => {
    const key = keyOf('sustained');
    const gate = createCopyPathGate({ redis, key, maxDeferMs: 200 });
    const mark = copyPathMarker({ redis, key, onError: () => {} });
    mark();
    const marking = setInterval(mark, 50);
    try {
      expect(await gate.wait()).toBeGreaterThanOrEqual(190);
      // A batch of the audit's that takes longer than the mark lives: still the same burst.
      await setTimeout(COPY_PATH_BUSY_HOLD_MS * 2);
      expect(await gate.wait()).toBeLessThan(50);
    } finally {
      clearInterval(marking);
      await redis.del(key);
    }
  });

  it('holds a new burst up again when the last one ended unseen, between two calls', async () => {
    const key = keyOf('unseen-quiet');
    const gate = createCopyPathGate({ redis, key, maxDeferMs: 200 });
    const mark = copyPathMarker({ redis, key, onError: () => {} });
    // A burst that outlasts the deferral: the call goes through after 200 ms, the mark still alive.
    mark();
    expect(await gate.wait()).toBeGreaterThanOrEqual(190);
    // No call while the mark lapses (work that only comes with copies), then the next burst.
    await setTimeout(COPY_PATH_BUSY_HOLD_MS + 100);
    expect(await redis.exists(key)).toBe(0);
    mark();
    const marking = setInterval(mark, 50);
    try {
      expect(await gate.wait()).toBeGreaterThanOrEqual(190);
      // That burst, once deferred for: through at once.
      expect(await gate.wait()).toBeLessThan(50);
    } finally {
      clearInterval(marking);
      await redis.del(key);
    }
  });
});

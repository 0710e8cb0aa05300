import { randomBytes, randomUUID } from 'node:crypto';
import { type MasterFillJob, masterFillGroup } from '@copytrade/contracts';
import { createLogger, createRedis, defaultUrls, waitForRedis } from '@copytrade/runtime';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { masterFill } from '../testing/seed.ts';
import { consumeFillStream, type FillStreamOptions } from './fill-stream.consumer.ts';

// The fill stream's consumer on a real Redis, with its fan-out, hand-off and dead-letter recorded:
// the mapper's handler itself is tested with the service (start.int.test.ts) and end to end.
const url = process.env.REDIS_URL ?? defaultUrls.redis;
const redis = createRedis(url, 'worker');
const prefix = `t-${randomBytes(4).toString('hex')}`;
let n = 0;
const wait = { timeout: 10_000, interval: 25 };
const running: { stop(): Promise<void> }[] = [];

beforeAll(() => waitForRedis(redis));
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

function job(): MasterFillJob {
  n += 1;
  return masterFill(randomUUID(), `f${n}`, 1, 1);
}

/** A consumer on a stream of its own; what it fanned out, handed off and dead-lettered. */
async function consumer(streamKey: string, over: Partial<FillStreamOptions> = {}) {
  const mapped: string[] = [];
  const handedOff: string[] = [];
  const deadLettered: string[] = [];
  const c = await consumeFillStream({
    blocking: createRedis(url, 'worker'),
    redis,
    streamKey,
    consumer: `mapper-${randomBytes(3).toString('hex')}`,
    readCount: 4,
    claimIdleMs: 400,
    paused: async () => false,
    async mapFill(j) {
      mapped.push(j.fillId);
    },
    async handOff(j) {
      handedOff.push(j.fillId);
    },
    async deadLetter(id, error) {
      deadLettered.push(`${id}: ${error}`);
    },
    logger: createLogger({ service: 'mapper-test', level: 'silent' }),
    ...over,
  });
  running.push(c);
  return { c, mapped, handedOff, deadLettered };
}

const fresh = () => `${prefix}:fills:${randomBytes(3).toString('hex')}`;
const add = (key: string, j: MasterFillJob) => redis.xadd(key, '*', 'fill', JSON.stringify(j));

describe('the fill stream consumer', () => {
  it('fans each fill out once, then acknowledges and deletes it', async () => {
    const key = fresh();
    const c = await consumer(key);
    const jobs = [job(), job(), job()];
    for (const j of jobs) await add(key, j);
    await vi.waitFor(() => expect(c.mapped.sort()).toEqual(jobs.map((j) => j.fillId).sort()), wait);
    await vi.waitFor(async () => expect(await redis.xlen(key)).toBe(0), wait);
    expect(((await redis.xpending(key, masterFillGroup)) as [number])[0]).toBe(0);
    // Stopped with nothing pending, it leaves the group: restarts do not pile names up in it.
    const name = ((await redis.xinfo('CONSUMERS', key, masterFillGroup)) as string[][]).map((c) => c[1]);
    expect(name).toHaveLength(1);
    await running.splice(0)[0]!.stop();
    expect(await redis.xinfo('CONSUMERS', key, masterFillGroup)).toEqual([]);
  });

  it('hands a fill whose fan-out failed to a job of its own, and an unreadable entry to a failed one', async () => {
    const key = fresh();
    const failing = job();
    const c = await consumer(key, {
      async mapFill(j) {
        if (j.fillId === failing.fillId) throw new Error('database down');
      },
    });
    await add(key, failing);
    const bad = await redis.xadd(key, '*', 'fill', JSON.stringify({ ...job(), seq: 'one' }));
    await vi.waitFor(() => expect(c.handedOff).toEqual([failing.fillId]), wait);
    await vi.waitFor(
      () =>
        expect(c.deadLettered).toEqual([
          expect.stringMatching(new RegExp(`^${bad}: invalid fill[\\s\\S]*seq`)),
        ]),
      wait,
    );
    await vi.waitFor(async () => expect(await redis.xlen(key)).toBe(0), wait);
  });

  it('takes over the fills a mapper that died had read, once their idle time has passed', async () => {
    const key = fresh();
    const j = job();
    await redis.xgroup('CREATE', key, masterFillGroup, '0', 'MKSTREAM');
    await add(key, j);
    await redis.xreadgroup('GROUP', masterFillGroup, 'mapper-gone', 'COUNT', 10, 'STREAMS', key, '>');
    const c = await consumer(key);
    await vi.waitFor(() => expect(c.mapped).toEqual([j.fillId]), wait);
    await vi.waitFor(async () => expect(await redis.xlen(key)).toBe(0), wait);
  });

  it('keeps the fills it is still fanning out from being taken over, however long that takes', async () => {
    const key = fresh();
    const jobs = [job(), job()];
    let release!: () => void;
    const slow = new Promise<void>((resolve) => {
      release = resolve;
    });
    // One read at a time, two fills in flight at most: with both stuck, only the renewals run.
    const a = await consumer(key, {
      readCount: 1,
      async mapFill(got) {
        a.mapped.push(got.fillId);
        await slow;
      },
    });
    try {
      for (const j of jobs) await add(key, j);
      await vi.waitFor(() => expect(a.mapped.sort()).toEqual(jobs.map((j) => j.fillId).sort()), wait);
      // Another mapper takes what has been idle for 400 ms: the renewals keep these from it.
      const b = await consumer(key);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(b.mapped).toEqual([]);
    } finally {
      release();
    }
    await vi.waitFor(async () => expect(await redis.xlen(key)).toBe(0), wait);
    expect(a.mapped).toHaveLength(2);
  });

  it('holds the fills while the master-fills queue is paused', async () => {
    const key = fresh();
    let paused = true;
    const c = await consumer(key, { paused: async () => paused });
    await add(key, job());
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(c.mapped).toEqual([]);
    paused = false;
    await vi.waitFor(() => expect(c.mapped).toHaveLength(1), wait);
  });
});

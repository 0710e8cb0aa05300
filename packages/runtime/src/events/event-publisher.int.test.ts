import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createQueue } from '../queues/create-queue.ts';
import { createRedis } from '../redis/create-redis.ts';
import { eventsOfJob, MAX_EVENTS_PER_JOB } from './event-batch.ts';
import { createEventPublisher } from './event-publisher.ts';

const prefix = `test-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
const queue = createQueue<unknown>('events', { connection: redis, prefix });

afterAll(async () => {
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const event = (n: number) => ({ eventId: `e:${n}`, n });

async function jobs() {
  const all = await queue.getJobs(['waiting']);
  return all.sort((a, b) => Number(a.id) - Number(b.id)).map((j) => eventsOfJob(j.data) as { n: number }[]);
}

describe('the event publisher', () => {
  it('puts what is published together in one job, in order, and the rest in jobs of at most MAX_EVENTS_PER_JOB', async () => {
    await queue.obliterate({ force: true });
    const publisher = createEventPublisher<{ eventId: string; n: number }>(queue);
    // Published in one turn: one job.
    await Promise.all([
      publisher.publish(event(1)),
      publisher.publish(event(2)),
      publisher.publishMany([event(3), event(4)]),
    ]);
    // Published while that job is being added: the next one; a lone event goes alone.
    const first = publisher.publish(event(5));
    await Promise.resolve();
    const second = publisher.publish(event(6));
    await Promise.all([first, second]);
    await publisher.publish(event(7));
    const many = Array.from({ length: MAX_EVENTS_PER_JOB * 2 + 5 }, (_, i) => event(100 + i));
    await publisher.publishMany(many);
    const sizes = (await jobs()).map((events) => events.length);
    expect(sizes.slice(0, 2)).toEqual([4, 1]);
    expect(sizes.slice(-3)).toEqual([MAX_EVENTS_PER_JOB, MAX_EVENTS_PER_JOB, 5]);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(7 + many.length);
    expect((await jobs()).flat().map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, ...many.map((e) => e.n)]);
  });

  it('with a linger, puts what is published within it in one job', async () => {
    await queue.obliterate({ force: true });
    const publisher = createEventPublisher<{ eventId: string; n: number }>(queue, { lingerMs: 100 });
    const first = publisher.publish(event(1));
    await new Promise((r) => setTimeout(r, 20));
    const second = publisher.publish(event(2));
    await Promise.all([first, second]);
    await publisher.publish(event(3));
    expect((await jobs()).map((events) => events.map((e) => e.n))).toEqual([[1, 2], [3]]);
  });

  it('on flush, sends what lingers at once, so a stopping service closes its queues with nothing left', async () => {
    await queue.obliterate({ force: true });
    const publisher = createEventPublisher<{ eventId: string; n: number }>(queue, { lingerMs: 60_000 });
    const published = publisher.publishMany([event(1), event(2)]);
    const started = performance.now();
    await publisher.flush();
    expect(performance.now() - started).toBeLessThan(5_000);
    await published;
    expect((await jobs()).map((events) => events.map((e) => e.n))).toEqual([[1, 2]]);
    // Nothing waiting: a flush returns at once. Later publishes linger again, one job of their own.
    await publisher.flush();
    const later = publisher.publish(event(3));
    await publisher.flush();
    await later;
    expect((await jobs()).map((events) => events.map((e) => e.n))).toEqual([[1, 2], [3]]);
  });

  it('rejects every publish of a job that could not be added, and tries again for the next ones', async () => {
    const connection = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
    const lost = createQueue<unknown>('lost', { connection, prefix });
    const publisher = createEventPublisher<{ eventId: string; n: number }>(lost);
    await publisher.publish(event(1));
    connection.disconnect(); // a producer connection fails fast while Redis is gone
    const results = await Promise.allSettled([publisher.publish(event(2)), publisher.publish(event(3))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    // Not stuck behind the failure: a later publish is tried (and fails the same way) instead of hanging.
    await expect(publisher.publish(event(4))).rejects.toThrow(/writeable/);
    await lost.close();
  });

  it('reads a job of one bare event, as producers queued them before batching, as a batch of one', () => {
    expect(eventsOfJob({ eventId: 'e:1', n: 1 })).toEqual([{ eventId: 'e:1', n: 1 }]);
    expect(eventsOfJob({ events: [{ eventId: 'e:1' }] })).toEqual([{ eventId: 'e:1' }]);
  });
});

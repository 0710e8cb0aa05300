import { randomBytes, randomUUID } from 'node:crypto';
import type { AuditEvent } from '@copytrade/contracts';
import {
  createEventPublisher,
  createLogger,
  createQueue,
  createRedis,
  defaultUrls,
  eventsOfJob,
} from '@copytrade/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLeg } from '../testing/seed.ts';
import { createAuditSink } from './audit-sink.ts';
import { legEvents } from './leg-events.ts';

const prefix = `test-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
const queue = createQueue<unknown>('audit-events', { connection: redis, prefix });
const logger = createLogger({ service: 'audit-sink-test', level: 'silent' });

afterAll(async () => {
  await queue.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

async function queuedTypes(): Promise<string[][]> {
  const jobs = await queue.getJobs(['waiting']);
  return jobs
    .sort((a, b) => Number(a.id) - Number(b.id))
    .map((j) => (eventsOfJob(j.data) as AuditEvent[]).map((e) => e.type));
}

const events = () => legEvents(makeLeg(randomUUID()), randomUUID());
// Longer than any test here: an event still on the queue before it was sent by something else.
const LINGER_MS = 60_000;

describe("the executor's audit sink", () => {
  it('holds an emitted submission while the order is out and sends it ahead of the recorded outcome', async () => {
    await queue.obliterate({ force: true });
    const sink = createAuditSink(createEventPublisher<AuditEvent>(queue, { lingerMs: LINGER_MS }), logger);
    const leg = events();
    sink.emit(leg.submitted(1));
    await new Promise((r) => setTimeout(r, 50));
    expect(await queuedTypes()).toEqual([]);
    await sink.record(leg.rejected('insufficient_margin', 'no margin'));
    expect(await queuedTypes()).toEqual([['order.submitted', 'order.rejected']]);
  });

  it('sends what lingers when flushed (a stopping executor)', async () => {
    await queue.obliterate({ force: true });
    const sink = createAuditSink(createEventPublisher<AuditEvent>(queue, { lingerMs: LINGER_MS }), logger);
    sink.emit(events().submitted(1));
    await new Promise((r) => setImmediate(r));
    sink.emit(events().retrying(1, 'timeout', 'no answer'));
    await sink.flush();
    expect((await queuedTypes()).flat()).toEqual(['order.submitted', 'order.retrying']);
  });

  it('sends an emitted event alone once its linger ends', async () => {
    await queue.obliterate({ force: true });
    const sink = createAuditSink(createEventPublisher<AuditEvent>(queue, { lingerMs: 30 }), logger);
    sink.emit(events().submitted(1));
    await expect.poll(queuedTypes, { timeout: 2_000, interval: 20 }).toEqual([['order.submitted']]);
  });
});

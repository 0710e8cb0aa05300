import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createLogger } from '../logger/create-logger.ts';
import { createMetrics } from '../metrics/create-metrics.ts';
import { createRedis } from '../redis/create-redis.ts';
import { createQueue } from './create-queue.ts';
import { createWorker } from './create-worker.ts';

const prefix = `test-${randomBytes(4).toString('hex')}`;
const url = process.env.REDIS_URL ?? defaultUrls.redis;
const producer = createRedis(url, 'producer');
const workerConnection = createRedis(url, 'worker');
const logger = createLogger({ service: 'test', level: 'silent' });

afterAll(async () => {
  const keys = await workerConnection.keys(`${prefix}:*`);
  if (keys.length > 0) await workerConnection.del(...keys);
  producer.disconnect();
  workerConnection.disconnect();
});

describe('queue and worker factories', () => {
  it('retry a failing job with backoff, dedupe by job id, and record job metrics', async () => {
    const metrics = createMetrics('test');
    const queue = createQueue<{ n: number }>('work', {
      connection: producer,
      prefix,
      jobOptions: { backoff: { type: 'exponential', delay: 20, jitter: 0.5 } },
    });
    metrics.watchQueue(queue);
    let calls = 0;
    const done = new Promise<Job>((resolve) => {
      const worker = createWorker<{ n: number }, number>(
        'work',
        async (job) => {
          calls += 1;
          if (job.attemptsMade < 2) throw new Error('transient');
          return job.data.n * 2;
        },
        { connection: workerConnection, prefix, logger, metrics, concurrency: 1 },
      );
      worker.on('completed', (job) => {
        void worker.close().then(() => resolve(job));
      });
    });
    await queue.add('job', { n: 21 }, { jobId: 'same' });
    await queue.add('job', { n: 99 }, { jobId: 'same' });
    const job = await done;
    expect(job.returnvalue).toBe(42);
    expect(calls).toBe(3);
    expect(job.opts.attempts).toBe(8);
    const text = await metrics.registry.metrics();
    expect(text).toMatch(
      /copytrade_job_duration_seconds_count\{(?=[^}]*queue="work")(?=[^}]*outcome="completed")[^}]*\} 1/,
    );
    expect(text).toMatch(/copytrade_queue_jobs\{(?=[^}]*queue="work")(?=[^}]*state="waiting")[^}]*\} 0/);
    await queue.close();
  });
});

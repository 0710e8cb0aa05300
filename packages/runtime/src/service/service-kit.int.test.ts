import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createLogger } from '../logger/create-logger.ts';
import { createQueue } from '../queues/create-queue.ts';
import { createRedis, type Redis } from '../redis/create-redis.ts';
import { createServiceKit, type SqlDatabase } from './service-kit.ts';

const prefix = `test-${randomBytes(4).toString('hex')}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const logger = createLogger({ service: 'test', level: 'silent' });
const observer = createRedis(redisUrl, 'worker');

afterAll(async () => {
  const keys = await observer.keys(`${prefix}:*`);
  if (keys.length > 0) await observer.del(...keys);
  observer.disconnect();
});

const config = {
  NODE_ENV: 'test' as const,
  LOG_LEVEL: 'silent' as const,
  REDIS_URL: redisUrl,
  DATABASE_URL: defaultUrls.database,
  QUEUE_PREFIX: prefix,
  HEALTH_PORT: 0,
  PROCESS_NICE: 0,
  WORKER_LOCK_MS: 4_000,
  WORKER_STALLED_INTERVAL_MS: 1_000,
};

/** A database client that records what the kit does with it. */
function fakeDb(options: { up?: () => boolean; onDisconnect?: () => void } = {}) {
  const queries: string[] = [];
  const db: SqlDatabase = {
    async $queryRaw(query: TemplateStringsArray) {
      queries.push(query.join('?'));
      if (options.up && !options.up()) throw new Error('connection refused');
      return [{ '?column?': 1 }];
    },
    async $disconnect() {
      options.onDisconnect?.();
    },
  };
  return { db, queries };
}

/** Resolves once the connection has closed (`quit()` resolves on its reply, a moment before). */
const ended = (redis: Redis) =>
  redis.status === 'end' ? Promise.resolve() : new Promise((resolve) => redis.once('end', resolve));

const healthAnswers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/healthz`).then(
    (res) => res.status === 200,
    () => false,
  );

describe('service kit', () => {
  it('on stop takes no new job, finishes the one in flight, then closes parts, queues, health and connections', async () => {
    const kit = await createServiceKit({ name: 'test', config, logger });
    const events: string[] = [];
    let healthPort = 0;
    const { db } = fakeDb({ onDisconnect: () => events.push('postgres disconnected') });
    kit.database(db);
    const queue = kit.queue<{ n: number }>('work');
    const closeQueue = queue.close.bind(queue);
    queue.close = async () => {
      events.push(`queue closed, health up: ${await healthAnswers(healthPort)}`);
      return closeQueue();
    };
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let markStarted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      markStarted = resolve;
    });
    const worker = kit.worker<{ n: number }, void>(
      'work',
      async (job) => {
        markStarted();
        await gate;
        events.push(`job ${job.data.n} finished`);
      },
      { concurrency: 4 },
    );
    kit.onStop('flush', () => {
      events.push('flush');
    });
    const running = await kit.serve();
    healthPort = running.healthPort;

    await queue.add('job', { n: 1 });
    await started;
    const stopping = running.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Added while the in-flight job still runs: the stopping worker must leave it waiting.
    const producer = createQueue<{ n: number }>('work', { connection: observer, prefix });
    await producer.add('job', { n: 2 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual([]);
    release();
    await stopping;

    expect(events).toEqual([
      'job 1 finished',
      'flush',
      'queue closed, health up: true',
      'postgres disconnected',
    ]);
    expect(await healthAnswers(healthPort)).toBe(false);
    await ended(kit.redis);
    expect(worker.opts.lockDuration).toBe(4_000);
    expect(worker.opts.stalledInterval).toBe(1_000);
    expect(await producer.getJobCounts('waiting', 'active', 'completed')).toEqual({
      waiting: 1,
      active: 0,
      completed: 1,
    });
    await producer.close();
  });

  it('runs every later step when one fails, then rejects naming each failure', async () => {
    const kit = await createServiceKit({ name: 'test', config, logger });
    const events: string[] = [];
    kit.database({
      $queryRaw: async () => [],
      $disconnect: async () => {
        throw new Error('pool already ended');
      },
    });
    const queue = kit.queue('other');
    const closeQueue = queue.close.bind(queue);
    queue.close = async () => {
      events.push('queue closed');
      return closeQueue();
    };
    kit.onStop('broken part', () => {
      throw new Error('refused');
    });
    const running = await kit.serve();
    await expect(running.stop()).rejects.toThrow(
      'stop: 2 step(s) failed: broken part: refused; postgres: pool already ended',
    );
    expect(events).toEqual(['queue closed']);
    expect(await healthAnswers(running.healthPort)).toBe(false);
    await ended(kit.redis);
  });

  it('reports each readiness check by name on /readyz', async () => {
    const kit = await createServiceKit({ name: 'test', config, logger });
    let postgresUp = true;
    let exchangeUp = true;
    const { db, queries } = fakeDb({ up: () => postgresUp });
    kit.database(db);
    kit.readiness('exchange', async () => {
      if (!exchangeUp) throw new Error('no route');
    });
    expect(() => kit.readiness('postgres', async () => {})).toThrow('already there');
    const running = await kit.serve();
    const readyz = async () => {
      const res = await fetch(`http://127.0.0.1:${running.healthPort}/readyz`);
      return { status: res.status, body: await res.json() };
    };

    expect(await readyz()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { redis: 'ok', postgres: 'ok', exchange: 'ok' } },
    });
    expect(queries).toEqual(['SELECT 1']);
    postgresUp = false;
    exchangeUp = false;
    expect(await readyz()).toEqual({
      status: 503,
      body: {
        status: 'not_ready',
        checks: { redis: 'ok', postgres: 'failed', exchange: 'failed' },
      },
    });
    await running.stop();
  });

  it('delivers subscribed messages until it stops, and closes the subscriber with the intake', async () => {
    const kit = await createServiceKit({ name: 'test', config, logger });
    const channel = `${prefix}:settings-changed`;
    const heard: string[] = [];
    let markHeard: () => void = () => {};
    const first = new Promise<void>((resolve) => {
      markHeard = resolve;
    });
    await kit.subscribe(channel, (message) => {
      heard.push(message);
      markHeard();
    });
    const running = await kit.serve();
    expect(await observer.publish(channel, 'one')).toBe(1);
    await first;
    await running.stop();
    expect(await observer.publish(channel, 'two')).toBe(0);
    expect(heard).toEqual(['one']);
  });

  it('gives a pipelined connection that sends what many tasks issue in one turn in one write, closed on stop', async () => {
    const kit = await createServiceKit({ name: 'test', config, logger });
    const pipelined = await kit.pipelinedRedis();
    const key = `${prefix}:pipelined`;
    const writesOf = async (redis: Redis) => {
      const stream = (redis as unknown as { stream: { write: (...args: unknown[]) => boolean } }).stream;
      const write = stream.write;
      let writes = 0;
      stream.write = (...args: unknown[]) => {
        writes += 1;
        return write.apply(stream, args);
      };
      try {
        const replies = await Promise.all(Array.from({ length: 50 }, () => redis.incr(key)));
        expect(new Set(replies).size).toBe(50);
      } finally {
        stream.write = write;
      }
      return writes;
    };
    expect(await writesOf(kit.redis)).toBe(50);
    expect(await writesOf(pipelined)).toBe(1);
    expect(await observer.get(key)).toBe('100');
    const running = await kit.serve();
    await running.stop();
    await ended(pipelined);
    expect(pipelined.status).toBe('end');
  });
});

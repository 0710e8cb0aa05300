import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger/create-logger.ts';
import { createRedis } from '../redis/create-redis.ts';
import { createQueue } from './create-queue.ts';
import { createWorker } from './create-worker.ts';
import { startPrivateRedis } from '../testing/private-redis.ts';

// Every copy is a chain of lone jobs (one fill, one decision, one kick), so what a worker costs
// Redis per lone job is paid on the hot path: BullMQ re-armed the queue's wake-up marker on every
// job it took, waking its own worker for a fetch that finds nothing. Our patch (patches/) re-arms
// it only while jobs still wait, which is what the re-arming is for (a bulk wakes every worker).
// On a Redis of its own: MONITOR on the shared one carries every parallel test's commands, and
// ioredis's monitor mode fails on a line that arrives with MONITOR's own reply.
const prefix = `wake-${randomBytes(4).toString('hex')}`;
const connections: Redis[] = [];
const logger = createLogger({ service: 'test', level: 'silent' });
let redis: Awaited<ReturnType<typeof startPrivateRedis>>;
let url: string;

beforeAll(async () => {
  redis = await startPrivateRedis();
  url = redis.url;
});

function connect(role: 'worker' | 'producer'): Redis {
  const redis = createRedis(url, role);
  connections.push(redis);
  return redis;
}

afterAll(async () => {
  for (const connection of connections) connection.disconnect();
  await redis?.stop();
});

/** The Redis commands other clients send about `queue`, as MONITOR sees them. */
async function watchCommands(queue: string): Promise<{ lines: string[][]; stop: () => void }> {
  const monitor = await connect('worker').monitor();
  const lines: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => {
    if (args.some((arg) => arg.startsWith(`${prefix}:${queue}:`))) lines.push(args);
  });
  return { lines, stop: () => monitor.disconnect() };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker woken for a lone job', () => {
  it('takes it with one blocking wait and no fetch beyond the one that finds the queue empty', async () => {
    const queue = createQueue<{ n: number }>('lone', { connection: connect('producer'), prefix });
    const worker = createWorker<{ n: number }, number>('lone', async (job) => job.data.n, {
      connection: connect('worker'),
      prefix,
      logger,
      concurrency: 4,
    });
    await worker.waitUntilReady();
    await sleep(300); // the worker is blocked on its marker, with nothing to take
    const { lines, stop } = await watchCommands('lone');
    await sleep(100);
    const jobs = 5;
    for (let n = 0; n < jobs; n++) {
      const completed = new Promise((resolve) => worker.once('completed', resolve));
      await queue.add('job', { n });
      await completed;
      await sleep(200); // the worker settles back into its blocking wait
    }
    stop();
    await worker.close();
    await queue.close();

    const moveToActive = lines.filter(
      (args) => args[0]?.toLowerCase() === 'evalsha' && args[2] === '11' && args[3]?.endsWith(':wait'),
    );
    const blockingWaits = lines.filter((args) => args[0]?.toLowerCase() === 'bzpopmin');
    // Per job: the fetch that takes it and the one that finds the queue empty; one wait that
    // wakes for it (the last job leaves the worker's next wait open). Unpatched, a third fetch and
    // a second wait follow each job. One spare fetch: a wait that times out on a stalled machine.
    expect(moveToActive.length).toBeGreaterThanOrEqual(2 * jobs);
    expect(moveToActive.length).toBeLessThanOrEqual(2 * jobs + 1);
    expect(blockingWaits.length).toBeLessThanOrEqual(jobs + 1);
  });

  it('still wakes every idle worker for a bulk of jobs', async () => {
    const queue = createQueue<{ n: number }>('bulk', { connection: connect('producer'), prefix });
    const workersSeen = new Set<string>();
    const workers = ['a', 'b', 'c'].map((name) =>
      createWorker<{ n: number }, number>(
        'bulk',
        async (job) => {
          workersSeen.add(name);
          await sleep(40); // long enough that one worker alone would leave jobs waiting
          return job.data.n;
        },
        { connection: connect('worker'), prefix, logger, concurrency: 1 },
      ),
    );
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    await sleep(300);
    const jobs = 12;
    let completed = 0;
    const allDone = new Promise<void>((resolve) => {
      for (const worker of workers) {
        worker.on('completed', () => {
          completed += 1;
          if (completed === jobs) resolve();
        });
      }
    });
    await queue.addBulk(Array.from({ length: jobs }, (_, n) => ({ name: 'job', data: { n } })));
    await allDone;
    await Promise.all(workers.map((worker) => worker.close()));
    await queue.close();
    expect([...workersSeen].sort()).toEqual(['a', 'b', 'c']);
  });
});

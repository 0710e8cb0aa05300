import { randomBytes } from 'node:crypto';
import { type AuditEvent, type OrderLeg, queueNames } from '@copytrade/contracts';
import { createTestDatabase } from '@copytrade/db/testing';
import { type Simulator, type SimulatorOptions, startSimulator } from '@copytrade/exchange-sim';
import {
  createLogger,
  createQueue,
  createRedis,
  defaultUrls,
  eventsOfJob,
  waitForRedis,
} from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import type { Job } from 'bullmq';
import { executorEnvSchema } from '../config.ts';
import { start } from '../start.ts';
import { kick, kickBatch, pushLegs, seedFollower, streamKick } from './seed.ts';

export interface HarnessOptions {
  /** Executor env overrides (strings, as the environment would give them). */
  env?: Record<string, string>;
  sim?: SimulatorOptions;
  /** A Redis of the test's own (e.g. to watch every command with MONITOR). */
  redisUrl?: string;
}

/**
 * One executor on real Redis + PostgreSQL + an in-process simulator, under a unique queue prefix and
 * schema, with its log lines captured. For the executor's integration tests (and the demo's).
 */
export async function startExecutorHarness(options: HarnessOptions = {}) {
  const sim: Simulator = await startSimulator({ port: 0, ...options.sim });
  const database = await createTestDatabase('exec');
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  const keySpec = `k1:${randomBytes(32).toString('base64')}`;
  const vault = createVault(parseMasterKeys(keySpec, 'k1'));
  const logLines: string[] = [];
  const logger = createLogger({
    service: 'executor',
    level: 'debug',
    destination: { write: (line: string) => void logLines.push(line) },
  });
  const redisUrl = options.redisUrl ?? process.env.REDIS_URL ?? defaultUrls.redis;
  const config = executorEnvSchema.parse({
    REDIS_URL: redisUrl,
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    VAULT_KEYS: keySpec,
    VAULT_ACTIVE_KEY_ID: 'k1',
    HEALTH_PORT: '0',
    BROKER_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const executor = await start(config, logger);
  const redis = createRedis(redisUrl, 'producer');
  await waitForRedis(redis);
  // Short backoff so retried jobs finish within a test's time.
  const copyQueue = createQueue(queueNames.copyOrders, {
    connection: redis,
    prefix,
    jobOptions: { backoff: { type: 'exponential', delay: 30, jitter: 0.5 } },
  });
  const auditQueue = createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
  const db = database.db;
  return {
    sim,
    db,
    vault,
    prefix,
    redis,
    copyQueue,
    auditQueue,
    logLines,
    executor,
    config,
    logger,
    follower: (opts?: { balances?: Record<string, string> }) => seedFollower(db, vault, sim, opts),
    /** RPUSH the legs and add their kick, as the mapper does. */
    async send(legs: OrderLeg[]): Promise<Job> {
      await pushLegs(redis, prefix, legs);
      return kick(copyQueue, legs);
    },
    /** RPUSH each follower's legs and add one kicks job for them all, as the mapper's fan-out does. */
    async sendBatch(legsPerKick: OrderLeg[][], jobId?: string): Promise<Job> {
      for (const legs of legsPerKick) await pushLegs(redis, prefix, legs);
      return kickBatch(copyQueue, legsPerKick, jobId);
    },
    /** RPUSH each follower's legs and add its kick to the kick stream, as the mapper's target step does. */
    async sendOnStream(legsPerKick: OrderLeg[][]): Promise<string[]> {
      const ids: string[] = [];
      for (const legs of legsPerKick) {
        await pushLegs(redis, prefix, legs);
        ids.push(await streamKick(redis, prefix, legs));
      }
      return ids;
    },
    async jobState(id: string) {
      const job = await copyQueue.getJob(id);
      return { state: job ? await job.getState() : 'missing', attemptsMade: job?.attemptsMade ?? -1, job };
    },
    async auditEvents(): Promise<AuditEvent[]> {
      const jobs = await auditQueue.getJobs([
        'waiting',
        'delayed',
        'active',
        'completed',
        'failed',
        'prioritized',
      ]);
      return jobs.flatMap((job) => eventsOfJob(job.data) as AuditEvent[]);
    },
    intent: (clientOrderId: string) => db.orderIntent.findUnique({ where: { clientOrderId } }),
    metricsText: async () => (await fetch(`http://127.0.0.1:${executor.healthPort}/metrics`)).text(),
    async close() {
      await executor.stop();
      await Promise.all([copyQueue.close(), auditQueue.close()]);
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
      await sim.stop();
      await database.drop();
    },
  };
}

export type ExecutorHarness = Awaited<ReturnType<typeof startExecutorHarness>>;

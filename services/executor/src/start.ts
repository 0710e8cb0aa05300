import { AccountDirectory } from '@copytrade/accounts';
import { type AuditEvent, queueNames, type RestingCheckJob, redisKeys } from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import {
  createEventPublisher,
  createMetrics,
  createQueue,
  createRedis,
  createWorker,
  type Logger,
  startHealthServer,
  waitForRedis,
  workerTimings,
} from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { createAuditSink } from './audit/audit-sink.ts';
import { accountRateLimits } from './broker/account-rate-limits.ts';
import { createBrokerBreakers } from './broker/broker-breakers.ts';
import { followerBrokers } from './broker/follower-brokers.ts';
import type { ExecutorConfig } from './config.ts';
import { createIntentStore } from './intents/intent-store.ts';
import { createExecutorMetrics } from './metrics/executor-metrics.ts';
import { startHeartbeat } from './outbox/executor-heartbeat.ts';
import { sweepOutboxes } from './outbox/sweep-outboxes.ts';
import { restingChecks } from './resting/resting-checks.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { type CopyOrdersWorkerDeps, copyOrdersProcessor } from './workers/copy-orders.worker.ts';
import { restingChecksProcessor } from './workers/resting-checks.worker.ts';

export { type ExecutorConfig, executorEnvSchema } from './config.ts';

export interface RunningExecutor {
  /** Port of /healthz, /readyz and /metrics. */
  healthPort: number;
  stop(): Promise<void>;
}

/** Builds the executor from its config: workers on `copy-orders` (outbox drains) and `resting-checks`. */
export async function start(config: ExecutorConfig, logger: Logger): Promise<RunningExecutor> {
  const prefix = config.QUEUE_PREFIX;
  const redis = createRedis(config.REDIS_URL, 'producer');
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  await waitForRedis(redis);
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const directory = new AccountDirectory({ db, vault, logger, timeoutMs: config.BROKER_TIMEOUT_MS });
  const metrics = createMetrics('executor');
  const executorMetrics = createExecutorMetrics(metrics);
  const auditQueue = createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
  const copyQueue = createQueue(queueNames.copyOrders, { connection: redis, prefix });
  metrics.watchQueue(copyQueue);
  const restingQueue = createQueue<RestingCheckJob>(queueNames.restingChecks, { connection: redis, prefix });
  const audit = createAuditSink(createEventPublisher<AuditEvent>(auditQueue), logger);
  const breakers = createBrokerBreakers({
    resetTimeoutMs: config.BREAKER_RESET_MS,
    onState: executorMetrics.breakerState,
  });
  const scripts = loadScripts(redis);
  const keys = redisKeys(prefix);
  const heartbeat = await startHeartbeat({
    redis,
    aliveKey: keys.executorAlive,
    ttlMs: config.EXECUTOR_HEARTBEAT_TTL_MS,
    logger,
  });
  const workerDeps: CopyOrdersWorkerDeps = {
    logger,
    rateLimits: accountRateLimits(redis, scripts, keys),
    drain: {
      redis,
      scripts,
      keys,
      brokerOf: followerBrokers(directory),
      restingChecks: restingChecks(restingQueue),
      lockTtlMs: config.DRAIN_LOCK_TTL_MS,
      lockHolder: { instanceId: heartbeat.instanceId, aliveKey: keys.executorAlive },
      intents: createIntentStore(db),
      breakers,
      audit,
      metrics: executorMetrics,
      logger,
    },
  };
  const worker = createWorker(queueNames.copyOrders, copyOrdersProcessor(workerDeps), {
    connection: workerRedis,
    prefix,
    concurrency: config.EXECUTOR_CONCURRENCY,
    logger,
    metrics,
    ...workerTimings(config),
  });
  const restingWorker = createWorker(queueNames.restingChecks, restingChecksProcessor(workerDeps), {
    connection: workerRedis,
    prefix,
    logger,
    metrics,
    ...workerTimings(config),
  });
  // What a killed executor left in outboxes is kicked now, not when its job locks lapse.
  await sweepOutboxes({ redis, keys, kicks: copyQueue, logger });
  const health = await startHealthServer({
    port: config.HEALTH_PORT,
    registry: metrics.registry,
    checks: { redis: () => redis.ping(), postgres: () => db.$queryRaw`SELECT 1` },
  });
  return {
    healthPort: health.port,
    async stop() {
      // Stop taking jobs and let in-flight drains finish before anything they use is closed.
      await Promise.all([worker.close(), restingWorker.close()]);
      await heartbeat.stop();
      await audit.flush();
      breakers.shutdown();
      await Promise.all([copyQueue.close(), auditQueue.close(), restingQueue.close()]);
      await directory.close();
      await health.close();
      await Promise.all([redis.quit(), workerRedis.quit()]);
      await db.$disconnect();
    },
  };
}

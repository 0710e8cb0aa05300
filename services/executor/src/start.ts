import { AccountDirectory } from '@copytrade/accounts';
import {
  type AuditEvent,
  copyKickGroup,
  queueNames,
  type RestingCheckJob,
  redisKeys,
} from '@copytrade/contracts';
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import {
  copyPathMarker,
  createEventPublisher,
  createRedis,
  watchStream,
  createServiceKit,
  defaultJobOptions,
  type Logger,
} from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import pLimit from 'p-limit';
import { createAuditSink } from './audit/audit-sink.ts';
import { breakerAuditor } from './broker/breaker-audit.ts';
import { accountRateLimits } from './broker/account-rate-limits.ts';
import { breakerRecorder } from './broker/breaker-record.ts';
import { createBrokerBreakers } from './broker/broker-breakers.ts';
import { followerBrokers } from './broker/follower-brokers.ts';
import type { ExecutorConfig } from './config.ts';
import { createIntentStore } from './intents/intent-store.ts';
import { createExecutorMetrics } from './metrics/executor-metrics.ts';
import { startHeartbeat } from './outbox/executor-heartbeat.ts';
import { RunningDrains } from './outbox/running-drains.ts';
import { sweepOutboxes } from './outbox/sweep-outboxes.ts';
import { restingChecks } from './resting/resting-checks.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { type CopyOrdersWorkerDeps, copyOrdersProcessor } from './workers/copy-orders.worker.ts';
import { consumeKickStream } from './workers/kick-stream.consumer.ts';
import { restingChecksProcessor } from './workers/resting-checks.worker.ts';

export { type ExecutorConfig, executorEnvSchema } from './config.ts';

const backoff = defaultJobOptions.backoff;
/** The queue's first retry delay, for a kick of a batch that failed: its own job retries it. */
const firstBackoffMs = typeof backoff === 'object' ? (backoff.delay ?? 200) : (backoff ?? 200);

export interface RunningExecutor {
  /** Port of /healthz, /readyz and /metrics. */
  healthPort: number;
  stop(): Promise<void>;
}

/** Builds the executor from its config: workers on `copy-orders` (outbox drains) and `resting-checks`. */
export async function start(config: ExecutorConfig, logger: Logger): Promise<RunningExecutor> {
  const kit = await createServiceKit({ name: 'executor', config, logger });
  const { redis, prefix, metrics } = kit;
  // Plain SQL for every statement (intents, accounts): the executor never loads Prisma.
  const sql = kit.database(
    sqlDatabase(createSqlPool({ databaseUrl: config.DATABASE_URL, poolSize: 8 })),
  ).pool;
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const directory = new AccountDirectory({
    vault,
    logger,
    timeoutMs: config.BROKER_TIMEOUT_MS,
    // A socket per drain in flight: no signed order waits for one (its signature ages meanwhile).
    connectionsPerHost: config.EXECUTOR_DRAINS_IN_FLIGHT,
    sql,
  });
  kit.onStop('account directory', () => directory.close());
  const executorMetrics = createExecutorMetrics(metrics);
  const auditQueue = kit.queue<AuditEvent>(queueNames.auditEvents);
  const copyQueue = kit.queue(queueNames.copyOrders, { watch: true });
  const restingQueue = kit.queue<RestingCheckJob>(queueNames.restingChecks);
  const audit = createAuditSink(
    createEventPublisher<AuditEvent>(auditQueue, { lingerMs: config.EVENT_LINGER_MS }),
    logger,
  );
  // Audit events of the drains that were in flight go out before the queues close.
  kit.onStop('audit flush', () => audit.flush());
  // The drains' Lua steps: 64 drains in flight issue theirs in the same turns, so they share writes.
  const drainRedis = await kit.pipelinedRedis();
  const scripts = loadScripts(drainRedis);
  const keys = redisKeys(prefix);
  const heartbeat = await startHeartbeat({
    redis,
    aliveKey: keys.executorAlive,
    ttlMs: config.EXECUTOR_HEARTBEAT_TTL_MS,
    logger,
  });
  kit.onStop('heartbeat', () => heartbeat.stop());
  const recordBreaker = breakerRecorder({
    redis,
    key: keys.brokerBreakers(),
    instanceId: heartbeat.instanceId,
    logger,
  });
  const auditBreaker = breakerAuditor(audit, heartbeat.instanceId);
  const breakers = createBrokerBreakers({
    resetTimeoutMs: config.BREAKER_RESET_MS,
    onState: (host, state) => {
      executorMetrics.breakerState(host, state);
      recordBreaker(host, state);
      auditBreaker(host, state);
    },
  });
  kit.onStop('breakers', () => breakers.shutdown());
  const workerDeps: CopyOrdersWorkerDeps = {
    logger,
    rateLimits: accountRateLimits(drainRedis, scripts, keys),
    drainLimit: pLimit(config.EXECUTOR_DRAINS_IN_FLIGHT),
    retryDelayMs: firstBackoffMs,
    async handOff(handOffs) {
      for (const h of handOffs)
        logger.info(
          { followerAccountId: h.kick.followerAccountId, reason: h.reason },
          'kick handed to its own job',
        );
      // Its own id: a kick handed over again (the batch run again after a crash) is not queued twice.
      await copyQueue.addBulk(
        handOffs.map((h) => ({
          name: 'kick',
          data: h.kick,
          opts: { jobId: `handoff-${h.kick.clientOrderIds[0]}`, delay: h.delayMs },
        })),
      );
    },
    drain: {
      redis: drainRedis,
      scripts,
      keys,
      brokerOf: followerBrokers(directory),
      restingChecks: restingChecks(restingQueue),
      lockTtlMs: config.DRAIN_LOCK_TTL_MS,
      lockHolder: { instanceId: heartbeat.instanceId, aliveKey: keys.executorAlive },
      runningDrains: new RunningDrains(),
      coveredWaitMs: config.EXECUTOR_COVERED_WAIT_MS,
      heldWaitMs: config.EXECUTOR_HELD_WAIT_MS,
      markCopyPathBusy: copyPathMarker({
        redis: drainRedis,
        key: keys.copyPathBusy(),
        onError: (err) => logger.warn({ err }, 'copy path not marked busy'),
      }),
      intents: createIntentStore(sql),
      breakers,
      audit,
      metrics: executorMetrics,
      logger,
    },
  };
  // On stop in-flight drains finish before anything they use is closed.
  kit.worker(queueNames.copyOrders, copyOrdersProcessor(workerDeps), {
    concurrency: config.EXECUTOR_CONCURRENCY,
  });
  kit.worker(queueNames.restingChecks, restingChecksProcessor(workerDeps));
  // The mapper's kicks, off the stream its target step writes them to.
  const kickStream = await consumeKickStream({
    blocking: createRedis(config.REDIS_URL, 'worker'),
    redis: drainRedis,
    streamKey: keys.copyKicks(),
    consumer: heartbeat.instanceId,
    aliveKey: keys.executorAlive,
    readCount: config.EXECUTOR_DRAINS_IN_FLIGHT,
    claimEveryMs: config.EXECUTOR_HEARTBEAT_TTL_MS,
    paused: () => copyQueue.isPaused(),
    drain: {
      drain: {
        drain: workerDeps.drain,
        rateLimits: workerDeps.rateLimits,
        limit: workerDeps.drainLimit,
        retryDelayMs: workerDeps.retryDelayMs,
      },
      handOff: workerDeps.handOff,
      async deadLetter(id, error) {
        logger.error(
          { entryId: id, error },
          'unreadable kick stream entry: kept as a failed copy-orders job',
        );
        // Its job fails validation at once and stays in the queue's failed set, where operators look.
        await copyQueue.add('kick', { kickStreamEntry: id, error }, { jobId: `unreadable-kick-${id}` });
      },
    },
    logger,
  });
  kit.onStop('kick stream', () => kickStream.stop(), 'intake');
  watchStream(metrics, redis, 'copy-kicks', keys.copyKicks(), copyKickGroup);
  // What a killed executor left in outboxes is kicked now, not when its job locks lapse.
  await sweepOutboxes({ redis, keys, kicks: copyQueue, logger });
  return kit.serve();
}

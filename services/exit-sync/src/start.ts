import { AccountDirectory } from '@copytrade/accounts';
import {
  type AuditEvent,
  type CopyOrderJob,
  channels,
  type MasterFillJob,
  queueNames,
  type ReconcileJob,
  redisKeys,
} from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import {
  createEventPublisher,
  createMetrics,
  createQueue,
  createRedis,
  type Logger,
  startHealthServer,
  waitForRedis,
  workerTimings,
} from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import type { ExitSyncConfig } from './config.ts';
import type { ReconcileDeps } from './handlers/reconcile-deps.ts';
import { createExitSyncMetrics } from './metrics/exit-sync-metrics.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { createReconcileWorker } from './workers/reconcile.worker.ts';

export { type ExitSyncConfig, exitSyncEnvSchema } from './config.ts';

export interface ExitSync {
  healthPort: number;
  stop(): Promise<void>;
}

/** The job scheduler's id: one per deployment, so replicas share one timer. */
const SCHEDULER_ID = 'reconcile-cycle';

/** Builds exit-sync from its config: a timer that reconciles every follower, and on-demand jobs. */
export async function start(config: ExitSyncConfig, logger: Logger): Promise<ExitSync> {
  const prefix = config.QUEUE_PREFIX;
  const redis = createRedis(config.REDIS_URL, 'producer');
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  await waitForRedis(redis);
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const accounts = new AccountDirectory({ db, vault, logger });
  const metrics = createMetrics('exit-sync');
  const reconcile = createQueue<ReconcileJob>(queueNames.reconcile, { connection: redis, prefix });
  const masterFills = createQueue<MasterFillJob>(queueNames.masterFills, { connection: redis, prefix });
  const kicks = createQueue<CopyOrderJob>(queueNames.copyOrders, { connection: redis, prefix });
  const auditQueue = createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
  metrics.watchQueue(reconcile);
  const settingsChannel = channels(prefix).settingsChanged;
  const deps: ReconcileDeps = {
    db,
    redis,
    keys: redisKeys(prefix),
    accounts,
    scripts: loadScripts(redis),
    masterFills,
    kicks,
    reconcile,
    audit: createEventPublisher<AuditEvent>(auditQueue),
    settingsChanged: async (followId) => {
      await redis.publish(settingsChannel, JSON.stringify({ followId }));
    },
    metrics: createExitSyncMetrics(metrics),
    settings: {
      maxRepairs: config.MAX_REPAIRS,
      repairBackoffMs: config.REPAIR_BACKOFF_MS,
      inFlightMs: config.IN_FLIGHT_MS,
      statusHeartbeatMs: config.SYNC_STATUS_HEARTBEAT_MS,
    },
    logger,
    now: Date.now,
  };
  const schedule = () =>
    reconcile.upsertJobScheduler(
      SCHEDULER_ID,
      { every: config.RECONCILE_INTERVAL_MS },
      { name: 'cycle', data: { kind: 'cycle' }, opts: { attempts: 1 } },
    );
  await schedule();
  // A Redis that lost its data lost the scheduler too: set it again now and then (idempotent).
  const keepScheduled = setInterval(
    () => void schedule().catch((err: unknown) => logger.warn({ err }, 'reconcile schedule not renewed')),
    Math.max(1_000, config.RECONCILE_INTERVAL_MS * 4),
  );
  keepScheduled.unref();
  const worker = createReconcileWorker(deps, {
    connection: workerRedis,
    prefix,
    concurrency: config.EXIT_SYNC_CONCURRENCY,
    logger,
    metrics,
    ...workerTimings(config),
  });
  const health = await startHealthServer({
    port: config.HEALTH_PORT,
    registry: metrics.registry,
    checks: { redis: () => redis.ping(), postgres: () => db.$queryRaw`SELECT 1` },
  });
  return {
    healthPort: health.port,
    async stop() {
      clearInterval(keepScheduled);
      await worker.close();
      await Promise.all([reconcile.close(), masterFills.close(), kicks.close(), auditQueue.close()]);
      await accounts.close();
      await health.close();
      await Promise.all([redis.quit(), workerRedis.quit()]);
      await db.$disconnect();
    },
  };
}

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
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import { createCopyPathGate, createEventPublisher, createServiceKit, type Logger } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import type { ExitSyncConfig } from './config.ts';
import { createFollowWrites } from './db/follow-writes.ts';
import { createFollowerReads } from './db/follower-reads.ts';
import { readPositions } from './exchange/positions.ts';
import { SharedReads } from './exchange/shared-reads.ts';
import type { ReconcileDeps } from './handlers/reconcile-deps.ts';
import { createExitSyncMetrics } from './metrics/exit-sync-metrics.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { reconcileProcessor } from './workers/reconcile.worker.ts';

export { type ExitSyncConfig, exitSyncEnvSchema } from './config.ts';

export interface ExitSync {
  healthPort: number;
  stop(): Promise<void>;
}

/** The job scheduler's id: one per deployment, so replicas share one timer. */
const SCHEDULER_ID = 'reconcile-cycle';

/** Builds exit-sync from its config: a timer that reconciles every follower, and on-demand jobs. */
export async function start(config: ExitSyncConfig, logger: Logger): Promise<ExitSync> {
  const kit = await createServiceKit({ name: 'exit-sync', config, logger });
  const { redis, prefix, metrics } = kit;
  // Plain SQL for every statement: exit-sync loads no Prisma.
  const sql = kit.database(
    sqlDatabase(
      createSqlPool({ databaseUrl: config.DATABASE_URL, poolSize: config.EXIT_SYNC_CONCURRENCY + 1 }),
    ),
  ).pool;
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const accounts = new AccountDirectory({ sql, vault, logger });
  kit.onStop('account directory', () => accounts.close());
  const reconcile = kit.queue<ReconcileJob>(queueNames.reconcile, { watch: true });
  const masterFills = kit.queue<MasterFillJob>(queueNames.masterFills);
  const kicks = kit.queue<CopyOrderJob>(queueNames.copyOrders);
  const auditQueue = kit.queue<AuditEvent>(queueNames.auditEvents);
  const settingsChannel = channels(prefix).settingsChanged;
  const statusEvents = createEventPublisher<AuditEvent>(auditQueue, {
    lingerMs: config.SYNC_STATUS_LINGER_MS,
  });
  // Once the workers stopped, the statuses they reported go out now, not after the queues closed.
  kit.onStop('sync status events', () => statusEvents.flush());
  const deps: ReconcileDeps = {
    reads: createFollowerReads(sql),
    writes: createFollowWrites(sql),
    redis,
    keys: redisKeys(prefix),
    accounts,
    scripts: loadScripts(redis),
    masterPositions: new SharedReads((id) => readPositions(accounts, id), config.MASTER_POSITIONS_MAX_AGE_MS),
    masterFills,
    kicks,
    reconcile,
    audit: createEventPublisher<AuditEvent>(auditQueue),
    statusEvents,
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
  kit.onStop('reconcile schedule', () => clearInterval(keepScheduled));
  // A burst of copies goes first: follower reconciles wait for it to pass (COPY_PATH_DEFER_MAX_MS).
  const copyPath = createCopyPathGate({
    redis,
    key: deps.keys.copyPathBusy(),
    maxDeferMs: config.COPY_PATH_DEFER_MAX_MS,
  });
  kit.worker(
    queueNames.reconcile,
    reconcileProcessor(deps, () => copyPath.wait()),
    {
      concurrency: config.EXIT_SYNC_CONCURRENCY,
      ...(config.RECONCILE_MAX_PER_SECOND > 0 && {
        limiter: { max: config.RECONCILE_MAX_PER_SECOND, durationMs: 1_000 },
      }),
    },
  );
  return kit.serve();
}

import { type AppendResult, checkpointKey, createLivePublisher, recordEvents } from '@copytrade/audit-log';
import { type AuditEvent, channels, queueNames, redisKeys } from '@copytrade/contracts';
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import { createCopyPathGate, createGroupCommit, createServiceKit, type Logger } from '@copytrade/runtime';
import { startCheckpointer } from './chain/checkpointer.ts';
import type { AuditConfig } from './config.ts';
import { createAuditMetrics } from './metrics/audit-metrics.ts';
import { auditEventsProcessor } from './workers/audit-events.worker.ts';

export { type AuditConfig, auditEnvSchema } from './config.ts';

export interface RunningAudit {
  /** Port of /healthz, /readyz and /metrics. */
  healthPort: number;
  stop(): Promise<void>;
}

/** Builds the audit service: the single writer of the audit log and the seed's trade tables. */
export async function start(config: AuditConfig, logger: Logger): Promise<RunningAudit> {
  const kit = await createServiceKit({ name: 'audit', config, logger });
  // Plain node-postgres, no Prisma: every statement here runs per batch or per tick, and Prisma's work
  // per query (and its query compiler) cost as much CPU as the rest of the append. One append at a time,
  // plus the checkpointer and /readyz.
  const sql = kit.database(
    sqlDatabase(createSqlPool({ databaseUrl: config.DATABASE_URL, poolSize: 3 })),
  ).pool;
  kit.queue(queueNames.auditEvents, { watch: true });
  const metrics = createAuditMetrics(kit.metrics);
  const live = createLivePublisher(kit.redis, channels(kit.prefix).liveEvents, logger);
  // A burst of copies goes first: its events wait (and gather into full batches) until it passes.
  const copyPath = createCopyPathGate({
    redis: kit.redis,
    key: redisKeys(kit.prefix).copyPathBusy(),
    maxDeferMs: config.COPY_PATH_DEFER_MAX_MS,
  });
  // The worker's concurrent jobs meet here: one append transaction carries all the events that
  // arrived while the previous one committed.
  const appender = createGroupCommit<AuditEvent, AppendResult>({
    maxBatch: config.AUDIT_BATCH_MAX,
    commit: (events) => recordEvents({ sql, live, metrics }, events),
    lingerMs: config.AUDIT_LINGER_MS,
    beforeBatch: async () => {
      const waitedMs = await copyPath.wait();
      if (waitedMs > 0) metrics.deferred(waitedMs / 1_000);
    },
  });
  const processor = auditEventsProcessor({ appender, metrics, logger });
  // On stop the in-flight jobs (and so their batch) finish before the connections close.
  kit.worker(queueNames.auditEvents, processor, { concurrency: config.AUDIT_CONCURRENCY });
  // Signed heads kept apart from the log, so `audit:verify` notices a removed tail.
  const checkpointer = startCheckpointer({
    sql,
    key: checkpointKey(config),
    intervalMs: config.AUDIT_CHECKPOINT_INTERVAL_MS,
    logger,
  });
  // Runs after the workers stopped (the last append is in) and before the database closes.
  kit.onStop('audit checkpoints', () => checkpointer.stop());
  return kit.serve();
}

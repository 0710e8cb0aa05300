import { channels, queueNames } from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import {
  createMetrics,
  createQueue,
  createRedis,
  createWorker,
  type Logger,
  startHealthServer,
  waitForRedis,
} from '@copytrade/runtime';
import type { AuditConfig } from './config.ts';
import { createLivePublisher } from './live/live-publisher.ts';
import { createAuditMetrics } from './metrics/audit-metrics.ts';
import { auditEventsProcessor } from './workers/audit-events.worker.ts';

export { type AppendResult, appendEvent } from './chain/append-event.ts';
export { canonicalJson } from './chain/canonical-json.ts';
export { chainHash, GENESIS_HASH } from './chain/chain-hash.ts';
export { type VerifyOptions, type VerifyResult, verifyChain } from './chain/verify-chain.ts';
export { type AuditConfig, auditEnvSchema } from './config.ts';
export type { LiveEvent } from './live/live-publisher.ts';

export interface RunningAudit {
  /** Port of /healthz, /readyz and /metrics. */
  healthPort: number;
  stop(): Promise<void>;
}

/** Builds the audit service: the single writer of the audit log and the seed's trade tables. */
export async function start(config: AuditConfig, logger: Logger): Promise<RunningAudit> {
  const prefix = config.QUEUE_PREFIX;
  const redis = createRedis(config.REDIS_URL, 'producer');
  const workerRedis = createRedis(config.REDIS_URL, 'worker');
  await waitForRedis(redis);
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  const metrics = createMetrics('audit');
  const auditQueue = createQueue(queueNames.auditEvents, { connection: redis, prefix });
  metrics.watchQueue(auditQueue);
  const processor = auditEventsProcessor({
    db,
    live: createLivePublisher(redis, channels(prefix).liveEvents, logger),
    metrics: createAuditMetrics(metrics),
    logger,
  });
  const worker = createWorker(queueNames.auditEvents, processor, {
    connection: workerRedis,
    prefix,
    concurrency: config.AUDIT_CONCURRENCY,
    logger,
    metrics,
  });
  const health = await startHealthServer({
    port: config.HEALTH_PORT,
    registry: metrics.registry,
    checks: { redis: () => redis.ping(), postgres: () => db.$queryRaw`SELECT 1` },
  });
  return {
    healthPort: health.port,
    async stop() {
      // Stop taking jobs and let the in-flight append commit before its connections close.
      await worker.close();
      await auditQueue.close();
      await health.close();
      await Promise.all([redis.quit(), workerRedis.quit()]);
      await db.$disconnect();
    },
  };
}

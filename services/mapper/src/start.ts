import {
  type AuditEvent,
  type CopyOrderJob,
  channels,
  type MasterFillJob,
  queueNames,
} from '@copytrade/contracts';
import { createDb } from '@copytrade/db';
import {
  createMetrics,
  createQueue,
  createRedis,
  type Logger,
  startHealthServer,
  workerTimings,
} from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { buildDeps } from './build-deps.ts';
import type { MapperConfig } from './config.ts';
import { createMasterFillsWorker } from './workers/master-fills.worker.ts';

export { mapperEnvSchema, type MapperConfig } from './config.ts';

export interface Mapper {
  healthPort: number;
  /** Stops taking jobs, finishes the ones in flight, then closes every connection. */
  stop(): Promise<void>;
}

export async function start(config: MapperConfig, logger: Logger): Promise<Mapper> {
  const redis = createRedis(config.REDIS_URL, 'worker');
  const subscriber = createRedis(config.REDIS_URL, 'worker');
  const db = createDb({ databaseUrl: config.DATABASE_URL });
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const prefix = config.QUEUE_PREFIX;
  const kicks = createQueue<CopyOrderJob>(queueNames.copyOrders, { connection: redis, prefix });
  const auditQueue = createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
  const retries = createQueue<MasterFillJob>(queueNames.masterFills, { connection: redis, prefix });
  const metrics = createMetrics('mapper');
  metrics.watchQueue(kicks);
  const deps = buildDeps({ config, db, vault, redis, kicks, retries, auditQueue, metrics, logger });

  // Settings or follows changed somewhere: the next fill reads them fresh.
  const settingsChannel = channels(prefix).settingsChanged;
  subscriber.on('message', (channel: string) => {
    if (channel === settingsChannel) deps.followers.invalidate();
  });
  await subscriber.subscribe(settingsChannel);

  const worker = createMasterFillsWorker(deps, {
    connection: redis,
    prefix,
    concurrency: config.MAPPER_CONCURRENCY,
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
      await worker.close();
      await subscriber.quit();
      await Promise.all([kicks.close(), retries.close(), auditQueue.close()]);
      await deps.accounts.close();
      await db.$disconnect();
      await health.close();
      await redis.quit();
    },
  };
}

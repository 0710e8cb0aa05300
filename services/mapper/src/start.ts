import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type AuditEvent,
  channels,
  type MasterFillJob,
  masterFillGroup,
  masterFillJobId,
  queueNames,
} from '@copytrade/contracts';
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import { createRedis, createServiceKit, type Logger, watchStream } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { buildDeps } from './build-deps.ts';
import type { MapperConfig } from './config.ts';
import { mapMasterFill } from './handlers/map-master-fill.ts';
import { consumeFillStream } from './workers/fill-stream.consumer.ts';
import { masterFillsProcessor } from './workers/master-fills.worker.ts';

/** A fill whose fan-out failed off the stream waits this long in its job before its first retry. */
const FIRST_RETRY_MS = 200;

export { mapperEnvSchema, type MapperConfig } from './config.ts';

export interface Mapper {
  healthPort: number;
  /** Stops taking jobs, finishes the ones in flight, then closes every connection. */
  stop(): Promise<void>;
}

export async function start(config: MapperConfig, logger: Logger): Promise<Mapper> {
  // Its Lua steps (which queue the kicks) run inside jobs: on a worker connection they wait out a Redis blip.
  const kit = await createServiceKit({ name: 'mapper', config, logger, redisRole: 'worker' });
  const { redis, metrics } = kit;
  // Two reads (follows, accounts) on plain SQL: the mapper never loads Prisma.
  const sql = kit.database(
    sqlDatabase(createSqlPool({ databaseUrl: config.DATABASE_URL, poolSize: 4 })),
  ).pool;
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const auditQueue = kit.queue<AuditEvent>(queueNames.auditEvents);
  const retries = kit.queue<MasterFillJob>(queueNames.masterFills);
  const deps = buildDeps({ config, sql, vault, redis, retries, auditQueue, metrics, logger });
  kit.onStop('account directory', () => deps.accounts.close());
  kit.onStop('mark price streams', () => deps.marks.close());
  kit.onStop('wallet streams', async () => deps.wallets?.close());

  // Settings or follows changed somewhere: the next fill reads them fresh.
  await kit.subscribe(channels(kit.prefix).settingsChanged, () => {
    deps.followers.invalidate();
    deps.market.invalidateAccounts();
  });

  kit.worker(queueNames.masterFills, masterFillsProcessor(deps), { concurrency: config.MAPPER_CONCURRENCY });
  // The listener's fills, off the stream its position step writes them to.
  const fillStream = await consumeFillStream({
    blocking: createRedis(config.REDIS_URL, 'worker'),
    redis,
    streamKey: deps.keys.masterFillStream(),
    consumer: `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`,
    readCount: config.MAPPER_CONCURRENCY,
    claimIdleMs: config.WORKER_LOCK_MS,
    paused: () => retries.isPaused(),
    mapFill: (job) => mapMasterFill(deps, job),
    async handOff(job) {
      await retries.add('master-fill', job, {
        jobId: masterFillJobId(job.masterAccountId, job.fillId),
        delay: FIRST_RETRY_MS,
      });
    },
    async deadLetter(id, error) {
      logger.error({ entryId: id, error }, 'unreadable fill stream entry: kept as a failed master-fills job');
      // Its job fails validation at once and stays in the queue's failed set, where operators look.
      await retries.add('master-fill', { fillStreamEntry: id, error } as never, {
        jobId: `unreadable-fill-${id}`,
      });
    },
    logger,
  });
  kit.onStop('fill stream', () => fillStream.stop(), 'intake');
  // Decisions' audit events still lingering go out before the queues close.
  kit.onStop('audit flush', () => deps.audit.flush());
  watchStream(metrics, redis, 'master-fills', deps.keys.masterFillStream(), masterFillGroup);
  return kit.serve();
}

import { type AuditEvent, channels, type MasterFillJob, queueNames } from '@copytrade/contracts';
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import { createServiceKit, type Logger } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import { buildDeps } from './build-deps.ts';
import type { MapperConfig } from './config.ts';
import { masterFillsProcessor } from './workers/master-fills.worker.ts';

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
  return kit.serve();
}

// Test harness for the mapper handler: real PostgreSQL (own schema), Redis (own prefix) and the
// simulator, with the handler's dependencies built as `start` builds them.
import { randomBytes } from 'node:crypto';
import {
  type AuditEvent,
  type CopyKickEntry,
  type MasterFillJob,
  masterFillJob,
  type OrderLeg,
  orderLeg,
  parseKickStreamEntry,
  queueNames,
} from '@copytrade/contracts';
import { createSqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import {
  createLogger,
  createMetrics,
  createQueue,
  createRedis,
  eventsOfJob,
  type Redis,
} from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { buildDeps, type DepsInput } from '../build-deps.ts';
import type { MapperDeps } from '../handlers/mapper-deps.ts';
import { masterFill, type SeedContext, testVault } from './seed.ts';

export interface MapperHarness {
  prefix: string;
  redis: Redis;
  sim: Simulator;
  database: TestDatabase;
  seed: SeedContext;
  deps: ReturnType<typeof buildDeps>;
  retries: Queue<MasterFillJob>;
  audit: Queue<AuditEvent>;
  /** A master-fill job for BTCUSD at the master's fill price 60000 (override anything). */
  fill(
    masterAccountId: string,
    seq: number,
    positionAfter: number,
    over?: Partial<MasterFillJob>,
  ): MasterFillJob;
  outbox(followerAccountId: string, symbol?: string): Promise<OrderLeg[]>;
  /** Every follower kick on the executors' stream, in the order queued. */
  queuedKicks(): Promise<CopyKickEntry[]>;
  target(followerAccountId: string, symbol?: string): Promise<{ lastSeq: number; lastTarget: number } | null>;
  auditOf(
    type: AuditEvent['type'],
    job: MasterFillJob,
    followerAccountId: string,
  ): Promise<AuditEvent | undefined>;
  close(): Promise<void>;
}

/** Cache settings a test may set (the harness's own: no caching of balances, reloads at once). */
type CacheConfig = Partial<
  Pick<
    DepsInput['config'],
    | 'BALANCES_TTL_MS'
    | 'BALANCES_MAX_STALE_MS'
    | 'FOLLOWERS_TTL_MS'
    | 'FOLLOWERS_MAX_STALE_MS'
    | 'COPY_PATH_DEFER_MAX_MS'
  >
>;

export async function createMapperHarness(
  overrides: Partial<Pick<MapperDeps, 'now'>> & { walletStreams?: boolean; caches?: CacheConfig } = {},
): Promise<MapperHarness> {
  const { walletStreams = false, caches = {}, ...depsOverrides } = overrides;
  const prefix = `t-${randomBytes(4).toString('hex')}`;
  const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  const [sim, database] = await Promise.all([startSimulator({ port: 0 }), createTestDatabase('mapper')]);
  const vault = testVault();
  const sql = createSqlPool({ databaseUrl: database.url, poolSize: 4 });
  const audit = createQueue<AuditEvent>(queueNames.auditEvents, { connection: redis, prefix });
  const retries = createQueue<MasterFillJob>(queueNames.masterFills, { connection: redis, prefix });
  const deps = buildDeps({
    config: {
      QUEUE_PREFIX: prefix,
      MAPPER_BATCH_SIZE: 100,
      MAPPER_BATCHES_IN_FLIGHT: 1,
      FOLLOWERS_TTL_MS: 0,
      FOLLOWERS_MAX_STALE_MS: 0,
      BALANCES_TTL_MS: 0,
      BALANCES_MAX_STALE_MS: 0,
      COPY_PATH_DEFER_MAX_MS: 0,
      ...caches,
      PRODUCTS_TTL_MS: 60_000,
      PRODUCTS_MAX_STALE_MS: 60_000,
      TICKER_TTL_MS: 0,
      // Off unless asked (as deployed): these tests fund and read a wallet in one breath, REST read each time.
      WALLET_STREAMS: walletStreams,
      WALLET_STREAM_IDLE_MS: 900_000,
      // As deployed: a fan-out's events are queued after it, past the linger.
      EVENT_LINGER_MS: 10,
    },
    sql,
    vault,
    redis,
    retries,
    auditQueue: audit,
    metrics: createMetrics('mapper-test'),
    logger: createLogger({ service: 'mapper-test', level: 'silent' }),
    ...depsOverrides,
  });
  let fills = 0;
  return {
    prefix,
    redis,
    sim,
    database,
    seed: { db: database.db, vault, sim },
    deps,
    retries,
    audit,
    fill(masterAccountId, seq, positionAfter, over = {}) {
      fills += 1;
      const fillId = `fill-${fills}`;
      return masterFillJob.parse({ ...masterFill(masterAccountId, fillId, seq, positionAfter), ...over });
    },
    async outbox(followerAccountId, symbol = 'BTCUSD') {
      const raw = await redis.lrange(deps.keys.orderOutbox(followerAccountId, symbol), 0, -1);
      return raw.map((leg) => orderLeg.parse(JSON.parse(leg)));
    },
    async queuedKicks() {
      const entries = await redis.xrange(deps.keys.copyKicks(), '-', '+');
      return entries.map(([id, fields]) => {
        const entry = parseKickStreamEntry(fields);
        if (!entry.ok) throw new Error(`kick ${id}: ${entry.error}`);
        return entry.value;
      });
    },
    async target(followerAccountId, symbol = 'BTCUSD') {
      // The follower's total, and the highest seq any of its follows applied.
      const h = await redis.hgetall(deps.keys.followerBook(followerAccountId, symbol));
      if (h.total === undefined) return null;
      const seqs = Object.entries(h)
        .filter(([field]) => field.endsWith(':seq'))
        .map(([, v]) => Number(v));
      return { lastSeq: Math.max(...seqs), lastTarget: Number(h.total) };
    },
    async auditOf(type, job, followerAccountId) {
      const eventId = `${type}_${job.correlationId}_${followerAccountId}`;
      const jobs = await audit.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
      return jobs.flatMap((j) => eventsOfJob(j.data) as AuditEvent[]).find((e) => e.eventId === eventId);
    },
    async close() {
      await Promise.all([retries.close(), audit.close()]);
      await deps.accounts.close();
      await deps.marks.close();
      await deps.wallets?.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await sql.end();
      await Promise.all([sim.stop(), database.drop()]);
    },
  };
}

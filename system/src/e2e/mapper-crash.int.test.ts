import { randomBytes } from 'node:crypto';
import { ephemeralVault, seedAccount, seedFollow } from '@copytrade/accounts/testing';
import {
  correlationIdOf,
  type MasterFillJob,
  masterFillJob,
  masterFillJobId,
  queueNames,
} from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { executorEnvSchema, type RunningExecutor, start as startExecutor } from '@copytrade/executor';
import {
  createLogger,
  createQueue,
  createRedis,
  defaultUrls,
  loadConfig,
  type Redis,
  deleteKeysUnder,
} from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { until } from './support/e2e-session.ts';
import { type ServiceProcess, startServiceProcess } from './support/service-process.ts';

// The mapper is killed (SIGKILL) in the middle of a master fill, waiting on a follower's balance read:
// its job stays active under a lock nobody renews. A new mapper must map the fill within seconds.
// Service defaults for the job lock and stalled check, no test timings.
const SYMBOL = 'BTCUSD';
// A lapsed job lock (4 s) plus one stalled check (1 s), then a cold mapper maps its first fill.
const RECOVERY_MS = 10_000;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const prefix = `crash-${randomBytes(4).toString('hex')}`;
let database: TestDatabase;
let sim: Simulator;
let redis: Redis;
let masterFills: Queue<MasterFillJob>;
let executor: RunningExecutor;
let env: Record<string, string>;
let masterAccountId: string;
let follower: { accountId: string; simUserId: number };
const mappers: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('crash');
  sim = await startSimulator({ port: 0 });
  redis = createRedis(redisUrl, 'worker');
  masterFills = createQueue<MasterFillJob>(queueNames.masterFills, { connection: redis, prefix });
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const seed = async (role: 'master' | 'follower') => {
    const credentials = sim.control.createAccount({ label: role, balances: { USD: '100000' } });
    const { accountId } = await seedAccount(database.db, vault, {
      role,
      label: role,
      exchange: sim,
      credentials,
    });
    return { accountId, simUserId: credentials.userId };
  };
  masterAccountId = (await seed('master')).accountId;
  follower = await seed('follower');
  await seedFollow(database.db, {
    masterAccountId,
    followerAccountId: follower.accountId,
    mode: 'multiplier',
    multiplier: '1',
  });
  env = {
    REDIS_URL: redisUrl,
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    VAULT_KEYS: keysSpec,
    VAULT_ACTIVE_KEY_ID: activeKeyId,
    HEALTH_PORT: '0',
    // Every fill reads the follower's balance afresh, so the second one meets the fault.
    BALANCES_TTL_MS: '0',
    BALANCES_MAX_STALE_MS: '0',
    WALLET_STREAMS: 'false',
  };
  executor = await startExecutor(
    loadConfig(executorEnvSchema, env),
    createLogger({ service: 'executor', level: 'silent' }),
  );
});
afterAll(async () => {
  for (const mapper of mappers) await mapper.stop();
  await executor?.stop();
  await masterFills?.close();
  await sim?.stop();
  if (redis) {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  }
  await database?.drop();
});

async function mapper(): Promise<ServiceProcess> {
  const started = await startServiceProcess('mapper', env);
  mappers.push(started);
  return started;
}

/** The master's fill as the listener enqueues it (deterministic job id). */
async function masterFill(seq: number, size: number, positionAfter: number): Promise<void> {
  const fillId = `fill-${seq}`;
  const job = masterFillJob.parse({
    correlationId: correlationIdOf(masterAccountId, fillId),
    masterAccountId,
    fillId,
    symbol: SYMBOL,
    productId: 27,
    side: 'buy',
    size,
    price: '60000',
    positionAfter,
    seq,
    occurredAtUs: Date.now() * 1_000,
    detectedAtMs: Date.now(),
    source: 'ws',
  });
  await masterFills.add('master-fill', job, { jobId: masterFillJobId(masterAccountId, fillId) });
}

const position = () => positionOf(sim, follower.simUserId, SYMBOL);

describe('a mapper killed mid-fill', () => {
  it('is replaced within seconds, and the follower gets the position once', async () => {
    const first = await mapper();
    await masterFill(1, 1, 1);
    await until(async () => position() === 1, 15_000, 'the first mapper copied nothing');

    // The next fill's balance read reaches the exchange and is never answered.
    const hang = sim.control.injectFault({
      kind: 'hang',
      scope: { userId: follower.simUserId, route: 'GET /v2/wallet/balances', count: 1 },
    });
    await masterFill(2, 2, 3);
    await until(
      async () => !sim.control.listFaults().some((f) => f.id === hang),
      10_000,
      'the balance read never reached the exchange',
    );
    await first.kill();
    const killedAt = Date.now();
    await mapper();
    await until(async () => position() === 3, 30_000, 'the follower never reached its target');
    expect(Date.now() - killedAt).toBeLessThan(RECOVERY_MS);

    const orders = sim.control.orders(follower.simUserId);
    expect(orders.map((o) => Number(o.size))).toEqual([1, 2]);
    expect(new Set(orders.map((o) => o.client_order_id)).size).toBe(2);
  }, 60_000);
});

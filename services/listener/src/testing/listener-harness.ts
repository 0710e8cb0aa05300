// Test harness for the listener's integration specs: real Redis (own prefix), PostgreSQL (own
// schema) and a simulator of the file's own, with replicas started as `main` starts them.
import { randomBytes } from 'node:crypto';
import { ephemeralVault, seedAccount } from '@copytrade/accounts/testing';
import {
  type MasterFillJob,
  masterFillJob,
  parseFillStreamEntry,
  queueNames,
  redisKeys,
} from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, type SimulatorOptions, startSimulator } from '@copytrade/exchange-sim';
import {
  createLogger,
  createQueue,
  createRedis,
  defaultUrls,
  loadConfig,
  type Redis,
} from '@copytrade/runtime';
import { listenerEnvSchema } from '../config.ts';
import { type Listener, start } from '../start.ts';

export interface TestMaster {
  accountId: string;
  userId: number;
  trader: DeltaRestClient;
  trade(side: 'buy' | 'sell', size: number, symbol?: string): Promise<unknown>;
}

export interface ExchangeFill {
  fillId: string;
  size: number;
  positionAfter: number;
}

export interface ListenerHarness {
  prefix: string;
  redis: Redis;
  sim: Simulator;
  test: TestDatabase;
  keys: ReturnType<typeof redisKeys>;
  /** A replica with the harness's fast lease settings and no timer gap-fill, unless overridden. */
  startListener(replica: string, overrides?: Record<string, string>): Promise<Listener>;
  /** Stops every replica still running (a test's replicas must not compete for the next test's masters). */
  stopListeners(): Promise<void>;
  /** Forgets a replica the test stops itself. */
  forget(listener: Listener): void;
  /** A master account on the simulator, known to the platform, with a client to trade as it. */
  newMaster(label: string): Promise<TestMaster>;
  /** The master-fill jobs produced for one master, by sequence. */
  jobsFor(accountId: string): Promise<MasterFillJob[]>;
  /** The simulator's own record of a master's fills on a symbol, oldest first. */
  exchangeFills(userId: number, symbol?: string): ExchangeFill[];
  /** The simulator's own position of a master on a symbol. */
  exchangePosition(userId: number, symbol?: string): number;
  close(): Promise<void>;
}

export async function createListenerHarness(simOptions: SimulatorOptions = {}): Promise<ListenerHarness> {
  const prefix = `t-listener-${randomBytes(4).toString('hex')}`;
  const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
  const redis = createRedis(redisUrl, 'worker');
  const logger = createLogger({ service: 'listener-test', level: 'silent' });
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const [sim, test] = await Promise.all([
    startSimulator({ port: 0, ...simOptions }),
    createTestDatabase('listener'),
  ]);
  sim.control.setMarkPrice('BTCUSD', '60000');
  sim.control.setMarkPrice('ETHUSD', '3000');
  const fillsQueue = createQueue<MasterFillJob>(queueNames.masterFills, { connection: redis, prefix });
  const running: Listener[] = [];

  return {
    prefix,
    redis,
    sim,
    test,
    keys: redisKeys(prefix),
    async startListener(replica, overrides = {}) {
      const config = loadConfig(listenerEnvSchema, {
        REDIS_URL: redisUrl,
        DATABASE_URL: test.url,
        QUEUE_PREFIX: prefix,
        VAULT_KEYS: keysSpec,
        VAULT_ACTIVE_KEY_ID: activeKeyId,
        LEASE_TTL_MS: '1500',
        LEASE_RENEW_MS: '250',
        GAP_FILL_INTERVAL_MS: '60000',
        LISTENER_REPLICA_ID: replica,
        ...overrides,
      });
      const listener = await start(config, logger);
      running.push(listener);
      return listener;
    },
    async stopListeners() {
      for (const listener of running.splice(0)) await listener.stop();
    },
    forget(listener) {
      const index = running.indexOf(listener);
      if (index >= 0) running.splice(index, 1);
    },
    async newMaster(label) {
      const credentials = sim.control.createAccount({ label, balances: { USD: '1000000' } });
      const { accountId } = await seedAccount(test.db, vault, {
        role: 'master',
        label,
        exchange: sim,
        credentials,
      });
      const trader = new DeltaRestClient({ baseUrl: sim.restUrl, ...credentials, clockSyncIntervalMs: 0 });
      const trade = (side: 'buy' | 'sell', size: number, symbol = 'BTCUSD') =>
        trader.placeOrder({ productSymbol: symbol, side, size, orderType: 'market_order' });
      return { accountId, userId: credentials.userId, trader, trade };
    },
    async jobsFor(accountId) {
      // On the fill stream (what the position step queues), and as master-fills jobs (the repair of
      // a fill a listener before the stream applied): a fill queued both ways shows twice.
      const entries = await redis.xrange(redisKeys(prefix).masterFillStream(), '-', '+');
      const streamed = entries.map(([id, fields]) => {
        const entry = parseFillStreamEntry(fields);
        if (!entry.ok) throw new Error(`fill stream entry ${id}: ${entry.error}`);
        return entry.value;
      });
      const jobs = await fillsQueue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      return [...streamed, ...jobs.map((job) => masterFillJob.parse(job.data))]
        .filter((job) => job.masterAccountId === accountId)
        .sort((a, b) => a.seq - b.seq);
    },
    exchangeFills(userId, symbol = 'BTCUSD') {
      return sim.control
        .fills(userId)
        .filter((f) => f.product_symbol === symbol)
        .map((f) => ({
          fillId: String(f.id),
          size: f.size,
          positionAfter: f.meta_data.new_position.size,
        }));
    },
    exchangePosition(userId, symbol = 'BTCUSD') {
      return sim.control.positions(userId).find((p) => p.product_symbol === symbol)?.size ?? 0;
    },
    async close() {
      for (const listener of running.splice(0)) await listener.stop();
      await fillsQueue.close();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await test.drop();
      await sim.stop();
    },
  };
}

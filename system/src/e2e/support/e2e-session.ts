import { randomBytes } from 'node:crypto';
import { ephemeralVault, type FollowInput, seedAccount, seedFollow } from '@copytrade/accounts/testing';
import { queueNames } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { createLogger, createRedis, defaultUrls, type Logger, type Redis } from '@copytrade/runtime';
import { Queue } from 'bullmq';
import { type FollowerRef, type Settlement, settlement, waitSettled } from '../../observe/follower-state.ts';
import { pipelineProbe } from '../../observe/pipeline-idle.ts';
import { type System, startSystem } from '../../start-system.ts';
import { deletePrefixKeys } from './redis-scan.ts';

export type FollowSettings = Omit<FollowInput, 'masterAccountId' | 'followerAccountId'>;

export interface FollowerSpec {
  label: string;
  /** USD balance on the simulator. @defaultValue '50000' */
  balance?: string;
  settings: FollowSettings;
  /** The follower's API key permissions. @defaultValue read and trading */
  permissions?: ('read' | 'trading')[];
}

export interface E2eFollower extends FollowerRef {
  apiKey: string;
  apiSecret: string;
  settings: FollowSettings;
}

export interface E2eOptions {
  followers: FollowerSpec[];
  /** @defaultValue '100000' */
  masterBalance?: string;
  /** Extra service environment (short lease and gap-fill timings). */
  env?: Record<string, string>;
  listenerReplicas?: number;
  /** Run exit-sync too (reconciles on a timer, so only tests about it want it). @defaultValue false */
  exitSync?: boolean;
  /** Every service's logger. @defaultValue warnings and errors kept in `logLines` */
  logger?: Logger;
}

const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;

/**
 * One end-to-end stage per test file: its own schema, queue prefix, simulator and vault; a master and
 * followers seeded as the gateway stores them; the whole platform started through `startSystem`.
 */
export async function startE2eSession(options: E2eOptions) {
  const database: TestDatabase = await createTestDatabase('e2e');
  const db = database.db;
  const prefix = `e2e-${randomBytes(4).toString('hex')}`;
  const sim: Simulator = await startSimulator({ port: 0 });
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const redis: Redis = createRedis(redisUrl, 'worker');
  const logLines: string[] = [];
  const logger =
    options.logger ??
    createLogger({
      service: 'e2e',
      level: 'warn',
      destination: { write: (l: string) => void logLines.push(l) },
    });

  const masterCredentials = sim.control.createAccount({
    label: 'master',
    balances: { USD: options.masterBalance ?? '100000' },
  });
  const { accountId: masterAccountId } = await seedAccount(db, vault, {
    role: 'master',
    label: 'master',
    exchange: sim,
    credentials: masterCredentials,
  });
  const followers: E2eFollower[] = [];
  for (const spec of options.followers) {
    const account = sim.control.createAccount({
      label: spec.label,
      balances: { USD: spec.balance ?? '50000' },
    });
    const credentials = spec.permissions
      ? sim.control.createApiKey(account.userId, { permissions: spec.permissions })
      : account;
    const { accountId } = await seedAccount(db, vault, {
      role: 'follower',
      label: spec.label,
      exchange: sim,
      credentials,
    });
    await seedFollow(db, { masterAccountId, followerAccountId: accountId, ...spec.settings });
    followers.push({
      accountId,
      simUserId: credentials.userId,
      label: spec.label,
      apiKey: credentials.apiKey,
      apiSecret: credentials.apiSecret,
      settings: spec.settings,
    });
  }

  const system: System = await startSystem({
    redisUrl,
    databaseUrl: database.url,
    prefix,
    vaultKeys: keysSpec,
    vaultActiveKeyId: activeKeyId,
    logger,
    ...(options.listenerReplicas !== undefined && { listenerReplicas: options.listenerReplicas }),
    exitSync: options.exitSync ?? false,
    env: { LEASE_TTL_MS: '1500', LEASE_RENEW_MS: '250', GAP_FILL_INTERVAL_MS: '1000', ...options.env },
  });
  const probe = pipelineProbe(redis, prefix);
  const master = new DeltaRestClient({
    baseUrl: sim.restUrl,
    apiKey: masterCredentials.apiKey,
    apiSecret: masterCredentials.apiSecret,
    clockSyncIntervalMs: 0,
  });
  const auditQueue = new Queue(queueNames.auditEvents, { connection: redis, prefix });
  /** The master's position per symbol, as this test traded it. */
  const masterPosition: Record<string, number> = {};

  const session = {
    db,
    database,
    prefix,
    sim,
    vault,
    redis,
    system,
    logger,
    logLines,
    master,
    masterAccountId,
    masterSimUserId: masterCredentials.userId,
    masterCredentials,
    followers,
    masterPosition,
    follower(label: string): E2eFollower {
      const found = followers.find((f) => f.label === label);
      if (!found) throw new Error(`no follower ${label}`);
      return found;
    },
    /** Resolves once some listener replica watches the master. */
    async watched(timeoutMs = 10_000): Promise<void> {
      await until(
        async () => system.listeners.some((l) => l.supervisor.watched().includes(masterAccountId)),
        timeoutMs,
        'no listener watches the master',
      );
    },
    /** The master trades at market (at `markPrice` when given) and the test's record follows. */
    async trade(symbol: string, side: 'buy' | 'sell', size: number, markPrice?: string) {
      if (markPrice !== undefined) sim.control.setMarkPrice(symbol, markPrice);
      masterPosition[symbol] = (masterPosition[symbol] ?? 0) + (side === 'buy' ? size : -size);
      return master.placeOrder({ productSymbol: symbol, side, size, orderType: 'market_order' });
    },
    /** Waits until the pipeline caught up with the master and each given follower sits at its target. */
    settle(symbols: string[], among: FollowerRef[] = followers, timeoutMs = 10_000): Promise<Settlement[]> {
      return waitSettled(
        () => settlement(redis, sim, prefix, among, symbols),
        () => probe.caughtUp(masterAccountId, masterPosition),
        timeoutMs,
      );
    },
    /** Waits until every audit event enqueued so far is recorded. */
    async auditSettled(timeoutMs = 10_000): Promise<void> {
      await until(
        async () => {
          const counts = await auditQueue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
          return Object.values(counts).every((n) => n === 0);
        },
        timeoutMs,
        'audit events still queued',
      );
    },
    async close(): Promise<void> {
      await system.stop();
      await probe.close();
      await auditQueue.close();
      await master.close();
      await sim.stop();
      await deletePrefixKeys(redis, prefix);
      redis.disconnect();
      await database.drop();
    },
  };
  await session.watched();
  return session;
}

export type E2eSession = Awaited<ReturnType<typeof startE2eSession>>;

/** Polls `check` every 20 ms until it is true; rejects with `what` after `timeoutMs`. */
export async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (await check()) return;
  throw new Error(`${what} after ${timeoutMs} ms`);
}

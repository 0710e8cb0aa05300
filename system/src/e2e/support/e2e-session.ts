import { randomBytes } from 'node:crypto';
import { ephemeralVault, type FollowInput, seedAccount, seedFollow } from '@copytrade/accounts/testing';
import { queueNames } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import {
  createLogger,
  createRedis,
  defaultUrls,
  type Logger,
  type Redis,
  deleteKeysUnder,
} from '@copytrade/runtime';
import { Queue } from 'bullmq';
import { type FollowerRef, type Settlement, settlement, waitSettled } from '../../observe/follower-state.ts';
import { pipelineProbe } from '../../observe/pipeline-idle.ts';
import { type System, startSystem } from '../../start-system.ts';
import { type E2eMaster, type MasterSpec, seedMaster } from './e2e-master.ts';

export type FollowSettings = Omit<FollowInput, 'masterAccountId' | 'followerAccountId'>;

/** A follower follows the session's first master (`settings`), or the masters `follows` names. */
export type FollowerSpec = {
  label: string;
  /** USD balance on the simulator. @defaultValue '50000' */
  balance?: string;
  /** The follower's API key permissions. @defaultValue read and trading */
  permissions?: ('read' | 'trading')[];
} & (
  | { settings: FollowSettings; follows?: never }
  | {
      /** One follow per master, by master label. */
      follows: Record<string, FollowSettings>;
      settings?: never;
    }
);

/** One follow row: a (master, follower) pair and its settings. */
export interface E2eFollow {
  followId: string;
  master: E2eMaster;
  settings: FollowSettings;
}

export interface E2eFollower extends FollowerRef {
  apiKey: string;
  apiSecret: string;
  follows: E2eFollow[];
}

export interface E2eOptions {
  followers: FollowerSpec[];
  /** The masters; the first is `master`, whose position `trade` moves. @defaultValue one, 'master' */
  masters?: MasterSpec[];
  /** The default master's balance. @defaultValue '100000' */
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
 * One end-to-end stage per test file: its own schema, queue prefix, simulator and vault; masters and
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

  const masters: E2eMaster[] = [];
  for (const spec of options.masters ?? [{ label: 'master', balance: options.masterBalance }])
    masters.push(await seedMaster(sim, db, vault, spec));
  const first = masters[0];
  if (!first) throw new Error('a session needs a master');
  const masterOf = (label: string): E2eMaster => {
    const found = masters.find((m) => m.label === label);
    if (!found) throw new Error(`no master ${label}`);
    return found;
  };
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
    const wanted: [E2eMaster, FollowSettings][] = spec.settings
      ? [[first, spec.settings]]
      : Object.entries(spec.follows).map(([label, settings]) => [masterOf(label), settings]);
    const follows: E2eFollow[] = [];
    for (const [master, settings] of wanted) {
      const followId = await seedFollow(db, {
        masterAccountId: master.accountId,
        followerAccountId: accountId,
        ...settings,
      });
      follows.push({ followId, master, settings });
    }
    followers.push({
      accountId,
      simUserId: credentials.userId,
      label: spec.label,
      apiKey: credentials.apiKey,
      apiSecret: credentials.apiSecret,
      follows,
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
  const auditQueue = new Queue(queueNames.auditEvents, { connection: redis, prefix });
  const caughtUp = async () => {
    for (const m of masters) if (!(await probe.caughtUp(m.accountId, m.position))) return false;
    return true;
  };

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
    masters,
    masterOf,
    /** The first master's client, account, credentials and position (single-master tests). */
    master: first.client,
    masterAccountId: first.accountId,
    masterSimUserId: first.simUserId,
    masterCredentials: first.credentials,
    masterPosition: first.position,
    followers,
    follower(label: string): E2eFollower {
      const found = followers.find((f) => f.label === label);
      if (!found) throw new Error(`no follower ${label}`);
      return found;
    },
    /** Resolves once some listener replica watches each master. */
    async watched(timeoutMs = 10_000): Promise<void> {
      await until(
        async () =>
          masters.every((m) => system.listeners.some((l) => l.supervisor.watched().includes(m.accountId))),
        timeoutMs,
        'no listener watches a master',
      );
    },
    /** The first master trades at market (at `markPrice` when given) and the test's record follows. */
    trade: first.trade,
    /** Waits until the pipeline caught up with every master and each given follower sits at its target. */
    settle(symbols: string[], among: FollowerRef[] = followers, timeoutMs = 10_000): Promise<Settlement[]> {
      return waitSettled(() => settlement(redis, sim, prefix, among, symbols), caughtUp, timeoutMs);
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
      for (const m of masters) await m.client.close();
      await sim.stop();
      await deleteKeysUnder(redis, prefix);
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

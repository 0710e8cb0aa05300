import { randomBytes } from 'node:crypto';
import {
  channels,
  type MasterFillJob,
  masterFillJobId,
  parseKickStreamEntry,
  queueNames,
  redisKeys,
} from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { createLogger, createQueue, createRedis } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import type { Queue } from 'bullmq';
import { watchKey } from '@copytrade/runtime/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type Mapper, mapperEnvSchema, start } from './start.ts';
import { masterFill, seedCopyGroup } from './testing/seed.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
const keys = redisKeys(prefix);
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const vaultKeys = `k1:${randomBytes(32).toString('base64')}`;
const vault = createVault(parseMasterKeys(vaultKeys, 'k1'));
let sim: Simulator;
let database: TestDatabase;
let mapper: Mapper;
let fills: Queue<unknown>;

beforeAll(async () => {
  [sim, database] = await Promise.all([startSimulator({ port: 0 }), createTestDatabase('mapper')]);
  const config = mapperEnvSchema.parse({
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    HEALTH_PORT: '0',
    VAULT_KEYS: vaultKeys,
    VAULT_ACTIVE_KEY_ID: 'k1',
    // Long enough that only the settings-changed message can refresh the follower list in this test.
    FOLLOWERS_TTL_MS: '600000',
  });
  mapper = await start(config, createLogger({ service: 'mapper-test', level: 'silent' }));
  fills = createQueue(queueNames.masterFills, { connection: redis, prefix, jobOptions: { attempts: 3 } });
});

afterAll(async () => {
  await mapper?.stop();
  await fills?.close();
  const left = await redis.keys(`${prefix}:*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
  await Promise.all([sim?.stop(), database?.drop()]);
});

let n = 0;
function fill(masterAccountId: string, seq: number, positionAfter: number): MasterFillJob {
  n += 1;
  return masterFill(masterAccountId, `f${n}`, seq, positionAfter);
}

const outboxLength = (followerId: string) => redis.llen(keys.orderOutbox(followerId, 'BTCUSD'));

describe('mapper service', () => {
  it('maps a queued master fill into the outbox and kicks the executor', async () => {
    const { master, followers } = await seedCopyGroup(
      { db: database.db, vault, sim },
      { followers: [{ settings: { mode: 'multiplier', multiplier: '0.5' } }] },
    );
    const follower = followers[0]!.accountId;
    await fills.add('fill', fill(master.accountId, 1, 10));
    await vi.waitFor(async () => expect(await outboxLength(follower)).toBe(1), { timeout: 5_000 });
    const leg = JSON.parse((await redis.lindex(keys.orderOutbox(follower, 'BTCUSD'), 0))!);
    expect(leg).toMatchObject({ side: 'buy', size: 5, leg: 'open' });
    const [[, kick] = []] = await redis.xrange(keys.copyKicks(), '-', '+');
    expect(parseKickStreamEntry(kick ?? [])).toMatchObject({
      ok: true,
      value: { followerAccountId: follower, clientOrderIds: [leg.clientOrderId] },
    });

    // The follow turns close-only; the cached list goes only when settings-changed says so.
    await database.db.follow.update({
      where: { id: followers[0]!.followId },
      data: { status: 'close_only' },
    });
    await redis.publish(
      channels(prefix).settingsChanged,
      JSON.stringify({ followId: followers[0]!.followId }),
    );
    const job = await fills.add('fill', fill(master.accountId, 2, 20));
    await vi.waitFor(async () => expect(await job.getState()).toBe('completed'), { timeout: 5_000 });
    expect(await outboxLength(follower)).toBe(1);
    // Decided (the add refused as close-only), so no new leg.
    expect(await redis.hget(keys.followerBook(follower, 'BTCUSD'), `${followers[0]!.followId}:seq`)).toBe(
      '2',
    );
  });

  it('fails an invalid payload at once, without retries', async () => {
    const job = await fills.add('bad', { masterAccountId: 'not-a-uuid', seq: 0 });
    await vi.waitFor(async () => expect(await job.getState()).toBe('failed'), { timeout: 5_000 });
    const failed = await fills.getJob(job.id!);
    expect(failed?.attemptsMade).toBe(1);
    expect(failed?.failedReason).toMatch(/invalid master-fill job/);
  });

  it('serves /healthz, /readyz and /metrics with decision counts', async () => {
    const base = `http://127.0.0.1:${mapper.healthPort}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', postgres: 'ok' } });
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/copytrade_mapper_decisions_total\{(?=[^}]*outcome="decided")[^}]*\} 1/);
    expect(metrics).toMatch(/copytrade_mapper_fanout_seconds_count\{[^}]*\} 2/);
  });

  it('marks the copy path busy while it fans a fill out, so audit and exit-sync hold off', async () => {
    const { master } = await seedCopyGroup(
      { db: database.db, vault, sim },
      { followers: [{ settings: { mode: 'multiplier', multiplier: '1' } }] },
    );
    const watch = watchKey(redis, keys.copyPathBusy());
    try {
      const job = await fills.add('fill', fill(master.accountId, 1, 3));
      await vi.waitFor(async () => expect(await job.getState()).toBe('completed'), { timeout: 5_000 });
      // Marked for 300 ms from the fan-out's first batch on.
      expect(watch.longestTtlMs()).toBeGreaterThan(0);
      expect(watch.longestTtlMs()).toBeLessThanOrEqual(300);
    } finally {
      await watch.stop();
    }
  });

  it('fans out a master fill the listener put on the fill stream, then deletes its entry', async () => {
    const { master, followers } = await seedCopyGroup(
      { db: database.db, vault, sim },
      { followers: [{ settings: { mode: 'multiplier', multiplier: '2' } }] },
    );
    const follower = followers[0]!.accountId;
    const job = fill(master.accountId, 1, 3);
    await redis.xadd(keys.masterFillStream(), '*', 'fill', JSON.stringify(job));
    await vi.waitFor(async () => expect(await outboxLength(follower)).toBe(1), { timeout: 5_000 });
    expect(JSON.parse((await redis.lindex(keys.orderOutbox(follower, 'BTCUSD'), 0))!)).toMatchObject({
      side: 'buy',
      size: 6,
      leg: 'open',
    });
    await vi.waitFor(async () => expect(await redis.xlen(keys.masterFillStream())).toBe(0), {
      timeout: 5_000,
    });
    // Fanned out off the stream: no master-fills job was made for it.
    expect(await fills.getJob(masterFillJobId(master.accountId, job.fillId))).toBeUndefined();
  });
});

import { randomBytes } from 'node:crypto';
import { redisKeys } from '@copytrade/contracts';
import { createLogger, createRedis, defaultUrls, waitForRedis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireDrainLock, type LockHolder } from './outbox/drain-lock.ts';
import { startHeartbeat } from './outbox/executor-heartbeat.ts';
import { loadScripts } from './scripts/load-scripts.ts';

// Drain locks fenced by their holder's liveness: a dead executor's lock is taken over at once, a live
// one's never.
const prefix = `t-${randomBytes(4).toString('hex')}`;
const keys = redisKeys(prefix);
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
const scripts = loadScripts(redis);
const logger = createLogger({ service: 'test', level: 'silent' });

beforeAll(async () => {
  await waitForRedis(redis);
});
afterAll(async () => {
  const left = await redis.keys(`${prefix}:*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
});

async function executorProcess() {
  const heartbeat = await startHeartbeat({ redis, aliveKey: keys.executorAlive, ttlMs: 600, logger });
  const holder: LockHolder = { instanceId: heartbeat.instanceId, aliveKey: keys.executorAlive };
  const lock = (key: string, ttlMs = 10_000) =>
    acquireDrainLock({ redis, scripts, key, ttlMs, logger, holder });
  return { heartbeat, lock };
}

const lockKey = () => keys.drainLock(randomBytes(8).toString('hex'), 'BTCUSD');

describe('drain lock', () => {
  it('is not taken from a live executor', async () => {
    const [a, b] = await Promise.all([executorProcess(), executorProcess()]);
    const key = lockKey();
    const held = await a.lock(key);
    expect(held).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 700)); // past one heartbeat TTL: renewed
    expect(await b.lock(key)).toBeNull();
    await held!.release();
    expect(await b.lock(key)).not.toBeNull();
    await Promise.all([a.heartbeat.stop(), b.heartbeat.stop()]);
  });

  it('is taken over as soon as its executor’s heartbeat is gone, long before its own TTL', async () => {
    const [dead, alive] = await Promise.all([executorProcess(), executorProcess()]);
    const key = lockKey();
    const orphan = await dead.lock(key, 1_000);
    expect(orphan).not.toBeNull();
    await dead.heartbeat.stop(); // as a SIGKILL would leave it, once the key expired
    const taken = await alive.lock(key);
    expect(taken).not.toBeNull();
    expect((await redis.get(key))?.startsWith(`${alive.heartbeat.instanceId}#`)).toBe(true);
    // The dead holder (were it only slow) learns it lost the lock and cannot release the new one.
    await vi.waitFor(() => expect(orphan!.lost).toBe(true), { timeout: 3_000, interval: 20 });
    await orphan!.release();
    expect(await redis.exists(key)).toBe(1);
    await taken!.release();
    await alive.heartbeat.stop();
  });

  it('is left to expire when its value names no executor', async () => {
    const live = await executorProcess();
    const key = lockKey();
    await redis.set(key, 'an-older-drainer', 'PX', 10_000);
    expect(await live.lock(key)).toBeNull();
    await live.heartbeat.stop();
  });
});

import { describe, expect, it } from 'vitest';
import { closeRedis, createRedis, type Redis } from './create-redis.ts';

// Nothing listens on port 1: until it is closed, the connection retries every 20 ms.
const deadUrl = 'redis://127.0.0.1:1';
const deadConnection = (role: 'worker' | 'producer') => {
  const redis = createRedis(deadUrl, role, { retryStrategy: () => 20 });
  redis.on('error', () => {});
  return redis;
};

/** Connection attempts during the next `ms` (a closed connection makes none). */
async function attemptsWithin(redis: Redis, ms: number): Promise<number> {
  let attempts = 0;
  const count = () => {
    attempts += 1;
  };
  redis.on('reconnecting', count);
  await new Promise((resolve) => setTimeout(resolve, ms));
  redis.off('reconnecting', count);
  return attempts;
}

describe('closeRedis on a server that does not answer', () => {
  it('gives up waiting for a queued quit after its time limit and disconnects', async () => {
    const redis = deadConnection('worker');
    expect(await attemptsWithin(redis, 200)).toBeGreaterThan(0);
    // A command in the offline queue puts the quit behind it, where it would wait forever.
    redis.get('pending').catch(() => {});
    const started = Date.now();
    await closeRedis(redis, 300);
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(2_000);
    expect(await attemptsWithin(redis, 200)).toBe(0);
  });

  it('disconnects a producer connection, which refuses the quit at once', async () => {
    const redis = deadConnection('producer');
    const started = Date.now();
    await closeRedis(redis, 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await attemptsWithin(redis, 200)).toBe(0);
  });
});

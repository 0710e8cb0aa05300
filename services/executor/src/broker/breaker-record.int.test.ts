import { randomBytes } from 'node:crypto';
import { brokerBreakerRecord, redisKeys } from '@copytrade/contracts';
import { DeltaError } from '@copytrade/delta-client';
import { createLogger, createRedis, defaultUrls, type Redis, waitForRedis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { breakerRecorder } from './breaker-record.ts';
import { createBrokerBreakers } from './broker-breakers.ts';

const logger = createLogger({ service: 'executor-test', level: 'silent' });
const key = redisKeys(`t-brk-${randomBytes(4).toString('hex')}`).brokerBreakers();
let redis: Redis;

beforeAll(async () => {
  redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
  await waitForRedis(redis);
});
afterAll(async () => {
  await redis?.del(key);
  redis?.disconnect();
});

const recorded = async (host: string) => {
  const text = await redis.hget(key, host);
  return text === null ? null : brokerBreakerRecord.parse(JSON.parse(text));
};

describe('breaker state in Redis', () => {
  it('records each change of a host circuit: closed on first use, open after failures, closed again', async () => {
    const breakers = createBrokerBreakers({
      resetTimeoutMs: 200,
      onState: breakerRecorder({ redis, key, instanceId: 'exec-a', logger }),
    });
    const before = Date.now();
    expect(await breakers.run('a.test', async () => 1)).toBe(1);
    await vi.waitFor(async () => expect(await recorded('a.test')).toMatchObject({ state: 'closed' }), {
      timeout: 2_000,
    });
    for (let i = 0; i < 5; i++)
      await expect(
        breakers.run('a.test', async () => {
          throw new DeltaError({ kind: 'transient', message: '503' });
        }),
      ).rejects.toThrow();
    await vi.waitFor(async () => expect((await recorded('a.test'))?.state).toBe('open'), { timeout: 2_000 });
    const open = await recorded('a.test');
    expect(open?.instanceId).toBe('exec-a');
    expect(Date.parse(open!.at)).toBeGreaterThanOrEqual(before - 1);
    expect(await recorded('b.test')).toBeNull();
    // After the reset the trial call succeeds: half open, then closed, each written.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await breakers.run('a.test', async () => 2)).toBe(2);
    await vi.waitFor(async () => expect((await recorded('a.test'))?.state).toBe('closed'), {
      timeout: 2_000,
    });
    breakers.shutdown();
  });

  it('logs a write that fails and does not throw into the breaker', async () => {
    const lines: string[] = [];
    const failing = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
    await waitForRedis(failing);
    // A WRONGTYPE error: the key holds a string, not a hash.
    const wrongKey = `${key}:wrong`;
    await failing.set(wrongKey, 'x');
    const record = breakerRecorder({
      redis: failing,
      key: wrongKey,
      instanceId: 'exec-b',
      logger: createLogger({
        service: 'executor-test',
        level: 'warn',
        destination: { write: (line: string) => void lines.push(line) },
      }),
    });
    expect(() => record('c.test', 'open')).not.toThrow();
    await vi.waitFor(() => expect(lines.some((l) => l.includes('breaker state not recorded'))).toBe(true), {
      timeout: 2_000,
    });
    await failing.del(wrongKey);
    failing.disconnect();
  });
});

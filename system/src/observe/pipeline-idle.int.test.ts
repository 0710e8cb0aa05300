import { randomBytes } from 'node:crypto';
import { redisKeys } from '@copytrade/contracts';
import { createRedis, defaultUrls, waitForRedis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineProbe } from './pipeline-idle.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
const probe = pipelineProbe(redis, prefix);

beforeAll(() => waitForRedis(redis));

afterAll(async () => {
  await probe.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('pipelineProbe', () => {
  it('is not caught up while a fill or a kick waits on its stream to be handled', async () => {
    expect(await probe.caughtUp('m1', {})).toBe(true);
    const id = await redis.xadd(redisKeys(prefix).copyKicks(), '*', 'kick', '{}');
    expect(await probe.caughtUp('m1', {})).toBe(false);
    await redis.xdel(redisKeys(prefix).copyKicks(), id!);
    expect(await probe.caughtUp('m1', {})).toBe(true);
    const fill = await redis.xadd(redisKeys(prefix).masterFillStream(), '*', 'fill', '{}');
    expect(await probe.caughtUp('m1', {})).toBe(false);
    await redis.xdel(redisKeys(prefix).masterFillStream(), fill!);
    expect(await probe.caughtUp('m1', {})).toBe(true);
  });
});

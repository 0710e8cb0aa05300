import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createRedis } from '../redis/create-redis.ts';
import { entryFinisher } from './entry-finisher.ts';

const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'worker');
const streamKey = `test-${randomBytes(4).toString('hex')}:stream`;
const group = 'finishers';

afterAll(async () => {
  await redis.del(streamKey);
  redis.disconnect();
});

/** Commands of one kind this connection sends, counted. */
function counting(name: 'xack' | 'xdel') {
  const original = redis[name].bind(redis) as (...args: unknown[]) => Promise<unknown>;
  const calls: unknown[][] = [];
  (redis as unknown as Record<string, unknown>)[name] = (...args: unknown[]) => {
    calls.push(args);
    return original(...args);
  };
  return calls;
}

describe('entryFinisher', () => {
  it('acknowledges and deletes the entries finished in one turn with one XACK and one XDEL', async () => {
    await redis.xgroup('CREATE', streamKey, group, '0', 'MKSTREAM');
    for (let i = 0; i < 300; i++) await redis.xadd(streamKey, '*', 'n', String(i));
    const read = (await redis.xreadgroup('GROUP', group, 'one', 'COUNT', 300, 'STREAMS', streamKey, '>')) as [
      string,
      [string, string[]][],
    ][];
    const ids = read[0]![1].map(([id]) => id);
    expect(ids).toHaveLength(300);
    const acks = counting('xack');
    const deletes = counting('xdel');
    const finish = entryFinisher(redis, streamKey, group);
    await Promise.all(ids.map((id) => finish(id)));
    expect([acks.length, deletes.length]).toEqual([1, 1]);
    expect(await redis.xlen(streamKey)).toBe(0);
    expect(((await redis.xpending(streamKey, group)) as [number])[0]).toBe(0);
    // One finished alone later goes at once, alone.
    const late = await redis.xadd(streamKey, '*', 'n', 'late');
    await redis.xreadgroup('GROUP', group, 'one', 'COUNT', 1, 'STREAMS', streamKey, '>');
    await finish(late!);
    expect([acks.length, deletes.length]).toEqual([2, 2]);
    expect(await redis.xlen(streamKey)).toBe(0);
  });
});

import { randomBytes } from 'node:crypto';
import { endFollow } from '@copytrade/accounts';
import { seedFollow } from '@copytrade/accounts/testing';
import { type AuditEvent, redisKeys } from '@copytrade/contracts';
import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { createRedis, type EventPublisher } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowWrites } from '../db/follow-writes.ts';
import { createFollowerReads } from '../db/follower-reads.ts';
import { loadScripts } from '../scripts/load-scripts.ts';
import { collectingPublisher, refusingPublisher } from '../testing/publishers.ts';
import { seedLabelledAccount } from '../testing/seed-account.ts';
import { finishEndedFollows } from './end-follows.ts';
import { loadFollows } from './load-follows.ts';

// Stopping an ended follow is the last step exit-sync takes for it: a stopped follow is never looked
// at again. So its `follow.ended` must be queued before the stop, or an exit-sync that dies (or whose
// audit queue refuses the event) in between leaves the trail without it for good.
const prefix = `t-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
let test: TestDatabase;
let sql: SqlPool;

beforeAll(async () => {
  test = await createTestDatabase('esend');
  sql = createSqlPool({ databaseUrl: test.url, poolSize: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await sql?.end();
  await test?.drop();
});

const account = (role: 'master' | 'follower', label: string) => seedLabelledAccount(test.db, role, label);

describe('an ended follow’s last step', () => {
  it('queues follow.ended before the stop: a refused event leaves the follow for the next cycle', async () => {
    const [master, follower] = await Promise.all([account('master', 'em'), account('follower', 'ef')]);
    const followId = await seedFollow(test.db, {
      masterAccountId: master,
      followerAccountId: follower,
      mode: 'multiplier',
      multiplier: '1',
    });
    await endFollow(test.db, followId, 'preserve');
    const events: AuditEvent[] = [];
    const collecting = collectingPublisher(events);
    const reads = createFollowerReads(sql);
    const base = {
      scripts: loadScripts(redis),
      redis,
      keys: redisKeys(prefix),
      writes: createFollowWrites(sql),
      settingsChanged: async () => {},
    };
    const status = async () => (await test.db.follow.findUniqueOrThrow({ where: { id: followId } })).status;

    const cycle = async (audit: EventPublisher<AuditEvent>) =>
      finishEndedFollows({ ...base, audit }, (await loadFollows({ reads }, follower)).follows, ['BTCUSD']);
    await expect(cycle(refusingPublisher)).rejects.toThrow('Connection is closed.');
    expect(await status()).toBe('frozen');

    await cycle(collecting);
    expect(await status()).toBe('stopped');
    expect(events.map((e) => [e.type, e.payload])).toEqual([
      [
        'follow.ended',
        {
          followId,
          followerAccountId: follower,
          masterAccountId: master,
          mode: 'preserve',
          step: 'released',
        },
      ],
    ]);
    // Stopped, it is not looked at again.
    await cycle(collecting);
    expect(events).toHaveLength(1);
  });
});

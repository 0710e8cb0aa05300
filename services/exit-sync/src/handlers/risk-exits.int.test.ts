import { randomBytes } from 'node:crypto';
import { seedFollow } from '@copytrade/accounts/testing';
import { type AuditEvent, redisKeys } from '@copytrade/contracts';
import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { createLogger, createRedis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowWrites } from '../db/follow-writes.ts';
import { createFollowerReads } from '../db/follower-reads.ts';
import { collectingPublisher, refusingPublisher } from '../testing/publishers.ts';
import { seedLabelledAccount } from '../testing/seed-account.ts';
import { loadFollows } from './load-follows.ts';
import { riskExits } from './risk-exits.ts';

// A risk exit is two steps apart: the follow turns close-only, then its event is queued (and its
// flatten requested, by the rest of the cycle). A close-only follow is never a risk exit again, so
// a cycle that stops in between (here: the audit queue refuses the event) must leave the exit for
// the next cycle to finish, or the trail never has it and the follower is never flattened.
const prefix = `t-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
const keys = redisKeys(prefix);
let test: TestDatabase;
let sql: SqlPool;
let sim: Simulator;

beforeAll(async () => {
  test = await createTestDatabase('esrisk');
  sql = createSqlPool({ databaseUrl: test.url, poolSize: 1 });
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => {
  const left = await redis.keys(`${prefix}:*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
  await sql?.end();
  await test?.drop();
  await sim?.stop();
});

describe('a risk exit whose event the audit queue refuses', () => {
  it('flattens at once, stays pending with its follow, and the next cycle records it once', async () => {
    const [master, follower] = await Promise.all([
      seedLabelledAccount(test.db, 'master', 'rm'),
      seedLabelledAccount(test.db, 'follower', 'rf'),
    ]);
    const followId = await seedFollow(test.db, {
      masterAccountId: master,
      followerAccountId: follower,
      mode: 'multiplier',
      multiplier: '1',
      maxDrawdownPct: '10',
      riskExitFlatten: true,
    });
    // The follower's exchange account holds 1,000 USD; the mapper has seen its equity at 100,000.
    const account = sim.control.createAccount({ balances: { USD: '1000' } });
    const client = new DeltaRestClient({
      baseUrl: sim.restUrl,
      apiKey: account.apiKey,
      apiSecret: account.apiSecret,
    });
    await redis.set(keys.peakEquity(follower), '100000');
    const changed: string[] = [];
    let clock = Date.parse('2026-12-02T08:00:00.000Z');
    const deps = {
      redis,
      keys,
      writes: createFollowWrites(sql),
      settingsChanged: async (id: string) => void changed.push(id),
      logger: createLogger({ service: 'exit-sync-test', level: 'silent' }),
      now: () => clock,
    };
    const reads = createFollowerReads(sql);
    const follows = async () => (await loadFollows({ reads }, follower)).follows;
    const row = () => test.db.follow.findUniqueOrThrow({ where: { id: followId } });
    try {
      // The refused event holds up neither the flatten nor the cycle: it fails at its end.
      const first = await riskExits({ ...deps, audit: refusingPublisher }, await follows(), client);
      expect([...first.flatten]).toEqual([followId]);
      await expect(first.settle(true)).rejects.toThrow('Connection is closed.');
      expect(await row()).toMatchObject({
        status: 'close_only',
        riskExitPending: true,
        riskExitReason: 'drawdown_limit',
      });

      clock += 5_000;
      const events: AuditEvent[] = [];
      const exits = await riskExits({ ...deps, audit: collectingPublisher(events) }, await follows(), client);
      expect([...exits.flatten]).toEqual([followId]);
      expect(events.map((e) => [e.type, e.eventId, e.payload])).toEqual([
        [
          'risk.exit',
          `risk.exit:${followId}:${Date.parse('2026-12-02T08:00:00.000Z')}`,
          {
            followId,
            followerAccountId: follower,
            reason: 'drawdown_limit',
            detail: 'drawdown 99% >= limit 10%',
            flatten: true,
          },
        ],
      ]);
      expect(changed).toEqual([followId, followId]);
      // Pending until the cycle has requested the flatten on every symbol.
      expect((await row()).riskExitPending).toBe(true);
      await exits.settle(false);
      expect((await row()).riskExitPending).toBe(true);
      await exits.settle(true);
      expect((await row()).riskExitPending).toBe(false);

      // Done: later cycles neither record it again nor flatten again.
      const later: AuditEvent[] = [];
      const after = await riskExits({ ...deps, audit: collectingPublisher(later) }, await follows(), client);
      expect([...after.flatten]).toEqual([]);
      expect(later).toEqual([]);
    } finally {
      await client.close();
    }
  });
});

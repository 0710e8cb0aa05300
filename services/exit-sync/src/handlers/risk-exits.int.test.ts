import { randomBytes } from 'node:crypto';
import { endFollow } from '@copytrade/accounts';
import { seedFollow } from '@copytrade/accounts/testing';
import { type AuditEvent, redisKeys } from '@copytrade/contracts';
import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { createLogger, createRedis, type EventPublisher } from '@copytrade/runtime';
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

const exitAt = Date.parse('2026-12-02T08:00:00.000Z');

/** A follow past its 10 % drawdown limit (equity 1,000 USD, peak 100,000), and what a cycle needs. */
async function pastItsLimit(label: string) {
  const [master, follower] = await Promise.all([
    seedLabelledAccount(test.db, 'master', `${label}m`),
    seedLabelledAccount(test.db, 'follower', `${label}f`),
  ]);
  const followId = await seedFollow(test.db, {
    masterAccountId: master,
    followerAccountId: follower,
    mode: 'multiplier',
    multiplier: '1',
    maxDrawdownPct: '10',
    riskExitFlatten: true,
  });
  const account = sim.control.createAccount({ balances: { USD: '1000' } });
  const client = new DeltaRestClient({
    baseUrl: sim.restUrl,
    apiKey: account.apiKey,
    apiSecret: account.apiSecret,
  });
  await redis.set(keys.peakEquity(follower), '100000');
  const changed: string[] = [];
  const clock = { now: exitAt };
  const deps = {
    redis,
    keys,
    writes: createFollowWrites(sql),
    settingsChanged: async (id: string) => void changed.push(id),
    logger: createLogger({ service: 'exit-sync-test', level: 'silent' }),
    now: () => clock.now,
  };
  const reads = createFollowerReads(sql);
  const cycle = async (audit: EventPublisher<AuditEvent>) =>
    riskExits({ ...deps, audit }, (await loadFollows({ reads }, follower)).follows, client);
  const row = () => test.db.follow.findUniqueOrThrow({ where: { id: followId } });
  const event = (flatten: boolean) => [
    'risk.exit',
    `risk.exit:${followId}:${exitAt}`,
    {
      followId,
      followerAccountId: follower,
      reason: 'drawdown_limit',
      detail: 'drawdown 99% >= limit 10%',
      flatten,
    },
  ];
  return { followId, client, changed, clock, cycle, row, event };
}

describe('a risk exit whose event the audit queue refuses', () => {
  it('flattens at once, stays pending with its follow, and the next cycle records it once', async () => {
    const { followId, client, changed, clock, cycle, row, event } = await pastItsLimit('r1');
    try {
      // The refused event holds up neither the flatten nor the cycle: it fails at its end.
      const first = await cycle(refusingPublisher);
      expect([...first.flatten]).toEqual([followId]);
      await expect(first.settle(true)).rejects.toThrow('Connection is closed.');
      expect(await row()).toMatchObject({
        status: 'close_only',
        riskExitPending: true,
        riskExitReason: 'drawdown_limit',
      });

      clock.now += 5_000;
      const events: AuditEvent[] = [];
      const exits = await cycle(collectingPublisher(events));
      expect([...exits.flatten]).toEqual([followId]);
      expect(events.map((e) => [e.type, e.eventId, e.payload])).toEqual([event(true)]);
      // Recorded five seconds late, dated when the exit was made.
      expect(events[0]!.occurredAt).toBe(new Date(exitAt).toISOString());
      expect(changed).toEqual([followId, followId]);
      // Pending until the cycle has requested the flatten on every symbol.
      expect((await row()).riskExitPending).toBe(true);
      await exits.settle(false);
      expect((await row()).riskExitPending).toBe(true);
      await exits.settle(true);
      expect((await row()).riskExitPending).toBe(false);

      // Done: later cycles neither record it again nor flatten again.
      const later: AuditEvent[] = [];
      const after = await cycle(collectingPublisher(later));
      expect([...after.flatten]).toEqual([]);
      expect(later).toEqual([]);
    } finally {
      await client.close();
    }
  });

  it('is still recorded after its follow ended with its positions released, and not flattened', async () => {
    const { followId, client, cycle, row, event } = await pastItsLimit('r2');
    try {
      await expect((await cycle(refusingPublisher)).settle(true)).rejects.toThrow('Connection is closed.');
      // Its owner ends it meanwhile, leaving the positions to the account (the follow frozen).
      await endFollow(test.db, followId, 'preserve');
      const events: AuditEvent[] = [];
      const exits = await cycle(collectingPublisher(events));
      expect([...exits.flatten]).toEqual([]);
      expect(events.map((e) => [e.type, e.eventId, e.payload])).toEqual([event(true)]);
      await exits.settle(true);
      expect(await row()).toMatchObject({ status: 'frozen', riskExitPending: false });
    } finally {
      await client.close();
    }
  });
});

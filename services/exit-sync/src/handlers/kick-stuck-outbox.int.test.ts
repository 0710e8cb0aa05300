import { randomBytes, randomUUID } from 'node:crypto';
import { type CopyOrderJob, orderLeg, queueNames, redisKeys } from '@copytrade/contracts';
import { createLogger, createMetrics, createQueue, createRedis, defaultUrls } from '@copytrade/runtime';
import { afterAll, describe, expect, it } from 'vitest';
import { createExitSyncMetrics } from '../metrics/exit-sync-metrics.ts';
import { kickStuckOutbox } from './kick-stuck-outbox.ts';

const prefix = `t-${randomBytes(4).toString('hex')}`;
const redis = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'worker');
const keys = redisKeys(prefix);
const kicks = createQueue<CopyOrderJob>(queueNames.copyOrders, { connection: redis, prefix });
const IN_FLIGHT_MS = 15_000;
const clock = { now: Date.parse('2026-12-02T18:00:00.000Z') };
const deps = {
  redis,
  keys,
  kicks,
  metrics: createExitSyncMetrics(createMetrics('exit-sync-test')),
  settings: { maxRepairs: 3, repairBackoffMs: 60_000, inFlightMs: IN_FLIGHT_MS, statusHeartbeatMs: 60_000 },
  logger: createLogger({ service: 'exit-sync-test', level: 'silent' }),
  now: () => clock.now,
};

afterAll(async () => {
  await kicks.obliterate({ force: true });
  await kicks.close();
  const left = await redis.keys(`${prefix}:*`);
  if (left.length > 0) await redis.del(...left);
  redis.disconnect();
});

/** An outbox holding two legs planned at `plannedAtMs`, as the mapper's target step leaves them. */
async function outboxWith(plannedAtMs: number) {
  const follower = randomUUID();
  const legs = ['close', 'open'].map((leg, i) =>
    orderLeg.parse({
      clientOrderId: `t${randomBytes(8).toString('hex')}${i}`,
      correlationId: `mf_test_${randomBytes(4).toString('hex')}`,
      followerAccountId: follower,
      masterAccountId: randomUUID(),
      followId: randomUUID(),
      symbol: 'BTCUSD',
      productId: 27,
      side: i === 0 ? 'sell' : 'buy',
      size: 2,
      reduceOnly: i === 0,
      leg,
      orderType: 'market_order',
      limitPrice: null,
      seq: 3,
      targetBefore: i === 0 ? 2 : 0,
      targetAfter: i === 0 ? 0 : -2,
      detectedAtMs: plannedAtMs,
      plannedAtMs,
    }),
  );
  await redis.rpush(keys.orderOutbox(follower, 'BTCUSD'), ...legs.map((l) => JSON.stringify(l)));
  return { follower, legs };
}

describe('kickStuckOutbox', () => {
  it('leaves legs younger than the in-flight window to their own kick', async () => {
    const { follower } = await outboxWith(clock.now - IN_FLIGHT_MS + 1);
    expect(await kickStuckOutbox(deps, follower, 'BTCUSD')).toBe(false);
    expect(await kicks.count()).toBe(0);
  });

  it('kicks legs that waited past it, once per window, naming every leg', async () => {
    const { follower, legs } = await outboxWith(clock.now - IN_FLIGHT_MS);
    expect(await kickStuckOutbox(deps, follower, 'BTCUSD')).toBe(true);
    // The next cycle, within the same window: the same job, not another.
    expect(await kickStuckOutbox(deps, follower, 'BTCUSD')).toBe(true);
    const jobs = (await kicks.getJobs(['waiting'])).filter((j) => j.data.followerAccountId === follower);
    expect(jobs.map((j) => j.data)).toEqual([
      {
        followerAccountId: follower,
        symbol: 'BTCUSD',
        correlationId: legs[0]!.correlationId,
        clientOrderIds: legs.map((l) => l.clientOrderId),
      },
    ]);
    // A window later, still undrained: kicked again.
    clock.now += IN_FLIGHT_MS;
    await kickStuckOutbox(deps, follower, 'BTCUSD');
    expect(
      (await kicks.getJobs(['waiting'])).filter((j) => j.data.followerAccountId === follower),
    ).toHaveLength(2);
  });
});

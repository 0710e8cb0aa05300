import { randomBytes } from 'node:crypto';
import { ephemeralVault } from '@copytrade/accounts/testing';
import { type OrderLeg, queueNames } from '@copytrade/contracts';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { kick, makeLeg, pushLegs, type SeededFollower, seedFollower } from '@copytrade/executor/testing';
import { createQueue, createRedis, defaultUrls, type Redis, deleteKeysUnder } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { until } from './support/e2e-session.ts';
import { type ServiceProcess, startServiceProcess } from './support/service-process.ts';

// The executor is killed (SIGKILL) while it holds a follower's outbox: its order is in flight, its
// drain lock and its BullMQ job lock are still set. A new executor must finish the follower's leg
// within seconds, with exactly one exchange order per leg. Service defaults, no test timings.
const SYMBOL = 'BTCUSD';
const RECOVERY_MS = 8_000;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const prefix = `crash-${randomBytes(4).toString('hex')}`;
let database: TestDatabase;
let sim: Simulator;
let redis: Redis;
let kicks: Queue;
let env: Record<string, string>;
let follower: SeededFollower;
const executors: ServiceProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase('crash');
  sim = await startSimulator({ port: 0 });
  redis = createRedis(redisUrl, 'worker');
  kicks = createQueue(queueNames.copyOrders, { connection: redis, prefix });
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  follower = await seedFollower(database.db, vault, sim);
  env = {
    REDIS_URL: redisUrl,
    DATABASE_URL: database.url,
    QUEUE_PREFIX: prefix,
    VAULT_KEYS: keysSpec,
    VAULT_ACTIVE_KEY_ID: activeKeyId,
    HEALTH_PORT: '0',
  };
});
afterAll(async () => {
  for (const executor of executors) await executor.stop();
  await kicks?.close();
  await sim?.stop();
  if (redis) {
    await deleteKeysUnder(redis, prefix);
    redis.disconnect();
  }
  await database?.drop();
});

async function executor(): Promise<ServiceProcess> {
  const started = await startServiceProcess('executor', env);
  executors.push(started);
  return started;
}

const position = () => positionOf(sim, follower.simUserId, SYMBOL);

/** Appends the legs to the outbox and kicks it, as the mapper does; resolves once the kick completed. */
async function copied(legs: OrderLeg[]): Promise<void> {
  await pushLegs(redis, prefix, legs);
  const job = await kick(kicks, legs);
  await until(async () => (await job.getState()) === 'completed', 15_000, 'a kick never completed');
}

/** Sends one leg into a `hang` fault and resolves once the exchange holds its request unanswered. */
async function hungOrder(size: number, targetBefore: number): Promise<OrderLeg> {
  const hang = sim.control.injectFault({
    kind: 'hang',
    scope: { userId: follower.simUserId, route: 'POST /v2/orders', count: 1 },
  });
  const leg = makeLeg(follower.accountId, { size, targetBefore, targetAfter: targetBefore + size });
  await pushLegs(redis, prefix, [leg]);
  await kick(kicks, [leg]);
  await until(
    async () => !sim.control.listFaults().some((f) => f.id === hang),
    10_000,
    'the order never reached the exchange',
  );
  return leg;
}

/** SIGKILLs the running executor, starts a new one; ms from the kill until the follower sits at `target`. */
async function killAndRecover(target: number): Promise<number> {
  await executors.pop()!.kill();
  const killedAt = Date.now();
  await executor();
  await until(async () => position() === target, 30_000, 'the follower never reached its target');
  return Date.now() - killedAt;
}

/** One exchange order per leg, none twice, and each intent settled as placed by this executor. */
async function expectOncePerLeg(legs: OrderLeg[]): Promise<void> {
  const cids = sim.control.orders(follower.simUserId).map((o) => o.client_order_id);
  expect(cids.sort()).toEqual(legs.map((l) => l.clientOrderId).sort());
  // The exchange answers before the intent records it.
  const states = () => database.db.orderIntent.findMany({ where: { followerAccountId: follower.accountId } });
  await until(
    async () => (await states()).every((i) => i.state === 'accepted'),
    5_000,
    'an intent did not settle',
  );
  expect(await states()).toHaveLength(legs.length);
}

describe('an executor killed mid-order', () => {
  const legs: OrderLeg[] = [];

  it('is replaced within seconds when it held the last job of the outbox', async () => {
    await executor();
    const warmUp = makeLeg(follower.accountId, { size: 1, targetBefore: 0, targetAfter: 1 });
    await copied([warmUp]);
    expect(position()).toBe(1);
    // Its job is the only one: nobody else will kick this outbox again.
    legs.push(warmUp, await hungOrder(2, 1));
    expect(await killAndRecover(3)).toBeLessThan(RECOVERY_MS);
    await expectOncePerLeg(legs);
  }, 60_000);

  it('does not leave its drain lock blocking a kick that waits behind it', async () => {
    legs.push(await hungOrder(1, 3));
    // The next decision's kick finds the outbox locked by the doomed executor's drain.
    const next = makeLeg(follower.accountId, { size: 2, targetBefore: 4, targetAfter: 6 });
    await pushLegs(redis, prefix, [next]);
    await kick(kicks, [next]);
    legs.push(next);
    expect(await killAndRecover(6)).toBeLessThan(RECOVERY_MS);
    await expectOncePerLeg(legs);
  }, 60_000);
});

import { randomBytes, randomUUID } from 'node:crypto';
import {
  type CopyOrderJob,
  copyOrderKicksJobName,
  type OrderLeg,
  orderLeg,
  queueNames,
  redisKeys,
} from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Redis } from '@copytrade/runtime';
import type { Vault } from '@copytrade/vault';
import type { Queue } from 'bullmq';

/** The part of the exchange simulator seeding needs (`startSimulator()` returns it). */
export interface SimLike {
  restUrl: string;
  wsUrl: string;
  control: {
    createAccount(input?: { label?: string; balances?: Record<string, string> }): {
      userId: number;
      apiKey: string;
      apiSecret: string;
    };
  };
}

export interface SeededFollower {
  /** broker_accounts.id */
  accountId: string;
  /** users.id */
  userId: string;
  /** The simulator's user id (for `control.orders(simUserId)`). */
  simUserId: number;
  apiKey: string;
  /** Returned for leak canaries only; stored sealed. */
  apiSecret: string;
}

/** A user and a follower broker account on a fresh simulator account, its secret sealed by the vault. */
export async function seedFollower(
  db: Db,
  vault: Vault,
  sim: SimLike,
  options: { balances?: Record<string, string>; label?: string } = {},
): Promise<SeededFollower> {
  const creds = sim.control.createAccount({ balances: options.balances ?? { USD: '100000' } });
  const accountId = randomUUID();
  const user = await db.user.create({
    data: { email: `follower-${accountId}@example.test`, name: options.label ?? 'Follower' },
  });
  await db.brokerAccount.create({
    data: {
      id: accountId,
      userId: user.id,
      label: options.label ?? 'follower',
      role: 'follower',
      baseUrl: sim.restUrl,
      wsUrl: sim.wsUrl,
      apiKey: creds.apiKey,
      secretEnvelope: vault.seal(creds.apiSecret, accountId),
    },
  });
  return {
    accountId,
    userId: user.id,
    simUserId: creds.userId,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
  };
}

/** A valid order leg for `followerAccountId`, market BTCUSD buy of 1 unless overridden. */
export function makeLeg(followerAccountId: string, overrides: Partial<OrderLeg> = {}): OrderLeg {
  const now = Date.now();
  return orderLeg.parse({
    clientOrderId: `t${randomBytes(10).toString('hex')}`,
    correlationId: `mf_test_${randomBytes(4).toString('hex')}`,
    followerAccountId,
    masterAccountId: null,
    followId: null,
    symbol: 'BTCUSD',
    productId: 27,
    side: 'buy',
    size: 1,
    reduceOnly: false,
    leg: 'open',
    orderType: 'market_order',
    limitPrice: null,
    seq: 1,
    targetBefore: 0,
    targetAfter: 1,
    detectedAtMs: now,
    plannedAtMs: now,
    ...overrides,
  });
}

/** Appends legs to the outbox exactly as the mapper's target script does (RPUSH of the leg JSON). */
export async function pushLegs(redis: Redis, prefix: string, legs: readonly OrderLeg[]): Promise<void> {
  const first = legs[0];
  if (!first) return;
  const key = redisKeys(prefix).orderOutbox(first.followerAccountId, first.symbol);
  await redis.rpush(key, ...legs.map((leg) => JSON.stringify(leg)));
}

/** The kick the mapper adds after moving a target: job id = the first new leg's client order id. */
export function kickJob(legs: readonly OrderLeg[]): { data: CopyOrderJob; jobId: string } {
  const first = legs[0];
  if (!first) throw new Error('a kick needs at least one leg');
  return {
    jobId: first.clientOrderId,
    data: {
      followerAccountId: first.followerAccountId,
      symbol: first.symbol,
      correlationId: first.correlationId,
      clientOrderIds: legs.map((leg) => leg.clientOrderId),
    },
  };
}

/** Adds the kick for `legs` to the copy-orders queue (a queue made with `createQueue(queueNames.copyOrders, …)`). */
export async function kick(queue: Queue, legs: readonly OrderLeg[]) {
  const { data, jobId } = kickJob(legs);
  return queue.add(queueNames.copyOrders, data, { jobId });
}

/** One job of kicks for several followers' legs, as the mapper sends a fan-out batch. */
export async function kickBatch(queue: Queue, legsPerKick: readonly (readonly OrderLeg[])[], jobId?: string) {
  const kicks = legsPerKick.map((legs) => kickJob(legs).data);
  const first = kicks[0];
  if (!first) throw new Error('a batch needs at least one kick');
  return queue.add(
    copyOrderKicksJobName,
    { correlationId: first.correlationId, kicks },
    { jobId: jobId ?? `kicks-${first.clientOrderIds[0]}` },
  );
}

/** The kick entry the mapper's target step adds to the kick stream beside the legs it queues. */
export function kickStreamFields(legs: readonly OrderLeg[]): string[] {
  const { data } = kickJob(legs);
  return ['kick', JSON.stringify({ ...data, closes: legs.some((l) => l.reduceOnly) })];
}

/** Adds the legs' kick to the kick stream, as the mapper's target step does; returns the entry id. */
export async function streamKick(redis: Redis, prefix: string, legs: readonly OrderLeg[]): Promise<string> {
  return (await redis.xadd(redisKeys(prefix).copyKicks(), '*', ...kickStreamFields(legs)))!;
}

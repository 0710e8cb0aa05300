import { randomBytes } from 'node:crypto';
import {
  type CopyOrderJob,
  type OrderLeg,
  parseOrderLegEntry,
  queueNames,
  type RedisKeys,
} from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';
import type { Queue } from 'bullmq';

// Legs read per outbox for the kick's client order ids (an outbox holds a few legs, not hundreds).
const HEAD_LEGS = 100;

export interface SweepDeps {
  redis: Redis;
  keys: RedisKeys;
  kicks: Queue;
  logger: Logger;
}

/**
 * Kicks every non-empty outbox once, each with a fresh job id (the original kick may be completed, or
 * active under a dead executor's job lock): whatever a killed executor left undrained resumes at once.
 * Returns the number of outboxes kicked.
 */
export async function sweepOutboxes(deps: SweepDeps): Promise<number> {
  const { redis, keys, kicks, logger } = deps;
  const run = randomBytes(4).toString('hex');
  let kicked = 0;
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', keys.orderOutboxPattern(), 'COUNT', 500);
    cursor = next;
    for (const key of new Set(found)) {
      const legs = await legsOf(redis, keys, key);
      const first = legs[0];
      // Dead-letter lists, and outboxes with no readable leg (the next real kick dead-letters those).
      if (!first) continue;
      const job: CopyOrderJob = {
        followerAccountId: first.followerAccountId,
        symbol: first.symbol,
        correlationId: first.correlationId,
        clientOrderIds: legs.map((leg) => leg.clientOrderId),
      };
      await kicks.add(queueNames.copyOrders, job, { jobId: `sweep-${run}-${first.clientOrderId}` });
      kicked += 1;
    }
  } while (cursor !== '0');
  if (kicked > 0) logger.info({ outboxes: kicked }, 'outboxes left undrained were kicked');
  return kicked;
}

/** The readable legs at the head of `key`, when it is an outbox (its own key for their follower and symbol). */
async function legsOf(redis: Redis, keys: RedisKeys, key: string): Promise<OrderLeg[]> {
  if ((await redis.type(key)) !== 'list') return [];
  const legs: OrderLeg[] = [];
  for (const entry of await redis.lrange(key, 0, HEAD_LEGS - 1)) {
    const leg = parseOrderLegEntry(entry);
    if (leg && keys.orderOutbox(leg.followerAccountId, leg.symbol) === key) legs.push(leg);
  }
  return legs;
}

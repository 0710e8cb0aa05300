import { type OrderLeg, orderLeg, type RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';

/** One accepted follower order still resting on the exchange, as recorded when it was accepted. */
export const restingOrder = z.object({
  /** The exchange's order id (cancel and read it by this). */
  orderId: z.string().min(1),
  /** The product id on the follower's exchange, as the exchange reported it. */
  productId: z.number().int().positive(),
  leg: orderLeg,
});

export type RestingOrder = z.infer<typeof restingOrder>;

/**
 * The follower's resting copy orders per symbol (`redisKeys.restingOrders`): written when an accepted
 * order is still open, removed with its remainder taken back once it is cancelled or filled. Every
 * order in it still counts in the follower's book total (ARCHITECTURE invariant 3: the total is the
 * position plus what is still on its way).
 */
export interface RestingOrders {
  record(leg: OrderLeg, orderId: string, productId: number): Promise<void>;
  get(followerAccountId: string, symbol: string, clientOrderId: string): Promise<RestingOrder | null>;
  /** Every readable record of the follower on the symbol. */
  list(followerAccountId: string, symbol: string): Promise<RestingOrder[]>;
  /** Forgets the order and takes `remainder` contracts of it back; false when it was already forgotten. */
  settle(order: RestingOrder, remainder: number): Promise<boolean>;
}

export function restingOrders(redis: Redis, scripts: ExecutorScripts, keys: RedisKeys): RestingOrders {
  const keyOf = (followerAccountId: string, symbol: string) => keys.restingOrders(followerAccountId, symbol);
  return {
    async record(leg, orderId, productId) {
      const entry: RestingOrder = { orderId, productId, leg };
      await redis.hset(keyOf(leg.followerAccountId, leg.symbol), leg.clientOrderId, JSON.stringify(entry));
    },
    async get(followerAccountId, symbol, clientOrderId) {
      const raw = await redis.hget(keyOf(followerAccountId, symbol), clientOrderId);
      return raw === null ? null : parse(raw);
    },
    async list(followerAccountId, symbol) {
      const all = await redis.hvals(keyOf(followerAccountId, symbol));
      return all.map(parse).filter((entry): entry is RestingOrder => entry !== null);
    },
    settle(order, remainder) {
      const { leg } = order;
      return scripts.settleResting({
        resting: keyOf(leg.followerAccountId, leg.symbol),
        book: keys.followerBook(leg.followerAccountId, leg.symbol),
        clientOrderId: leg.clientOrderId,
        followId: leg.followId,
        takeBack: leg.side === 'buy' ? remainder : -remainder,
      });
    },
  };
}

function parse(raw: string): RestingOrder | null {
  try {
    const parsed = restingOrder.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

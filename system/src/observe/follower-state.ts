import { bookFields, redisKeys } from '@copytrade/contracts';
import type { Simulator } from '@copytrade/exchange-sim';
import type { Redis } from '@copytrade/runtime';

export interface FollowerRef {
  accountId: string;
  /** The follower's user id on the simulator. */
  simUserId: number;
  label: string;
}

/** The follower's total target on a symbol: the sum of its follows' targets (0 before any). */
export async function targetOf(
  redis: Redis,
  prefix: string,
  accountId: string,
  symbol: string,
): Promise<number> {
  const value = await redis.hget(redisKeys(prefix).followerBook(accountId, symbol), bookFields.total);
  return value === null ? 0 : Number(value);
}

/** The follower's position on the exchange, as the simulator records it. */
export function positionOf(sim: Simulator, simUserId: number, symbol: string): number {
  const position = sim.control.positions(simUserId).find((p) => p.product_symbol === symbol);
  return position ? Number(position.size) : 0;
}

/** Sum of the follower's filled order sizes, signed, as the simulator records them. */
export function orderSumOf(sim: Simulator, simUserId: number, symbol: string): number {
  return sim.control
    .orders(simUserId)
    .filter((o) => o.product_symbol === symbol)
    .reduce((sum, o) => sum + (o.side === 'buy' ? 1 : -1) * (Number(o.size) - Number(o.unfilled_size)), 0);
}

export interface Settlement {
  follower: FollowerRef;
  symbol: string;
  target: number;
  position: number;
  outboxLength: number;
}

export async function settlement(
  redis: Redis,
  sim: Simulator,
  prefix: string,
  followers: FollowerRef[],
  symbols: string[],
): Promise<Settlement[]> {
  const keys = redisKeys(prefix);
  const rows: Settlement[] = [];
  for (const follower of followers) {
    for (const symbol of symbols) {
      rows.push({
        follower,
        symbol,
        target: await targetOf(redis, prefix, follower.accountId, symbol),
        position: positionOf(sim, follower.simUserId, symbol),
        outboxLength: await redis.llen(keys.orderOutbox(follower.accountId, symbol)),
      });
    }
  }
  return rows;
}

/**
 * Resolves once every follower's exchange position equals its target and nothing is waiting in
 * its outbox, and the targets have caught up with `masterSeq`; rejects with the rows that did not
 * settle after `timeoutMs`.
 */
export async function waitSettled(
  check: () => Promise<Settlement[]>,
  isCaughtUp: () => Promise<boolean>,
  timeoutMs = 10_000,
): Promise<Settlement[]> {
  const deadline = Date.now() + timeoutMs;
  let rows: Settlement[] = [];
  while (Date.now() < deadline) {
    if (await isCaughtUp()) {
      rows = await check();
      if (rows.every((r) => r.position === r.target && r.outboxLength === 0)) return rows;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  rows = await check();
  const open = rows.filter((r) => r.position !== r.target || r.outboxLength > 0);
  throw new Error(
    `not settled after ${timeoutMs} ms: ${open.map((r) => `${r.follower.label} ${r.symbol} target ${r.target} position ${r.position} outbox ${r.outboxLength}`).join('; ')}`,
  );
}

import { bookFields, type RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import { type Settled, settlePipeline } from '../fan-out/batch-scope.ts';

export interface FollowState {
  /** The follow's last applied master sequence; 0 before the first. */
  lastSeq: number;
  /** The follow's own target; 0 before the first. */
  lastTarget: number;
  /** Client order ids of the legs its last update queued, as stored (JSON): only a replay needs them. */
  lastCidsJson: string | null;
  /** The follower's total over its follows on the symbol. */
  total: number;
}

const cids = z.array(z.string());

/** The client order ids of a follow's last update, from `FollowState.lastCidsJson`. */
export const parseCids = (json: string | null): string[] =>
  json == null ? [] : cids.parse(JSON.parse(json));

const fieldsOf = (followId: string) => [
  bookFields.seq(followId),
  bookFields.target(followId),
  bookFields.cids(followId),
  bookFields.total,
];

function toFollowState(reply: unknown): FollowState {
  const [seq, target, lastCids, total] = reply as (string | null)[];
  return {
    lastSeq: seq == null ? 0 : Number(seq),
    lastTarget: target == null ? 0 : Number(target),
    lastCidsJson: lastCids ?? null,
    total: total == null ? 0 : Number(total),
  };
}

export interface FollowStateQuery {
  followerAccountId: string;
  followId: string;
  symbol: string;
}

/** One follow's share of its follower's book, in one round trip (the target script is its writer). */
export async function readFollowState(
  deps: { redis: Redis; keys: RedisKeys },
  followerAccountId: string,
  followId: string,
  symbol: string,
): Promise<FollowState> {
  return toFollowState(
    await deps.redis.hmget(deps.keys.followerBook(followerAccountId, symbol), ...fieldsOf(followId)),
  );
}

/** Reads many follows' states at once. */
export interface FollowStateReader {
  readMany(queries: readonly FollowStateQuery[]): Promise<Settled<FollowState>[]>;
}

/**
 * Many follows' states in one pipeline of HMGETs. (One script call for the batch saved the client
 * ~2 µs a follow but cost Redis ~4.5 µs more, on the same two cores.)
 */
export function createFollowStateReader(redis: Redis, keys: RedisKeys): FollowStateReader {
  return {
    async readMany(queries) {
      const pipeline = redis.pipeline();
      for (const q of queries)
        pipeline.hmget(keys.followerBook(q.followerAccountId, q.symbol), ...fieldsOf(q.followId));
      return settlePipeline(await pipeline.exec(), queries.length, toFollowState);
    },
  };
}

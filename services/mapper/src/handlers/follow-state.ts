import { readFileSync } from 'node:fs';
import { bookFields, type RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';
import type { Settled } from '../fan-out/batch-scope.ts';
import { batchedArgs, batchedLua, settleBatched } from '../scripts/batched-script.ts';

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

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;
const COMMAND = 'ctReadFollowStates';

/**
 * Many follows' states in one script call (`read-follow-state-1.lua` per follow): one command for the
 * batch costs the client far less than a pipeline of one HMGET per follow.
 */
export function loadFollowStateReader(redis: Redis, keys: RedisKeys): FollowStateReader {
  redis.defineCommand(COMMAND, {
    lua: batchedLua(
      readFileSync(new URL('../scripts/read-follow-state-1.lua', import.meta.url), 'utf8'),
      1,
      4,
    ),
  });
  const call = (redis as unknown as Record<string, ScriptCall>)[COMMAND]!.bind(redis);
  return {
    async readMany(queries) {
      const calls = queries.map((q) => ({
        keys: [keys.followerBook(q.followerAccountId, q.symbol)],
        args: fieldsOf(q.followId),
      }));
      return settleBatched(await call(...batchedArgs(calls)), queries.length, toFollowState);
    },
  };
}

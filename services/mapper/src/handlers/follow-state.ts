import { bookFields } from '@copytrade/contracts';
import { z } from 'zod';
import { type Settled, settlePipeline } from '../fan-out/batch-scope.ts';
import type { MapperDeps } from './mapper-deps.ts';

export interface FollowState {
  /** The follow's last applied master sequence; 0 before the first. */
  lastSeq: number;
  /** The follow's own target; 0 before the first. */
  lastTarget: number;
  /** Client order ids of the legs its last update queued. */
  lastCids: string[];
  /** The follower's total over its follows on the symbol. */
  total: number;
}

const cids = z.array(z.string());

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
    lastCids: lastCids == null ? [] : cids.parse(JSON.parse(lastCids)),
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
  deps: Pick<MapperDeps, 'redis' | 'keys'>,
  followerAccountId: string,
  followId: string,
  symbol: string,
): Promise<FollowState> {
  return toFollowState(
    await deps.redis.hmget(deps.keys.followerBook(followerAccountId, symbol), ...fieldsOf(followId)),
  );
}

/** Many follows' states in one pipeline. */
export async function readFollowStates(
  deps: Pick<MapperDeps, 'redis' | 'keys'>,
  queries: readonly FollowStateQuery[],
): Promise<Settled<FollowState>[]> {
  const pipeline = deps.redis.pipeline();
  for (const q of queries)
    pipeline.hmget(deps.keys.followerBook(q.followerAccountId, q.symbol), ...fieldsOf(q.followId));
  return settlePipeline(await pipeline.exec(), queries.length, toFollowState);
}

import { bookFields } from '@copytrade/contracts';
import { z } from 'zod';
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

/** One follow's share of its follower's book, in one round trip (the target script is its writer). */
export async function readFollowState(
  deps: Pick<MapperDeps, 'redis' | 'keys'>,
  followerAccountId: string,
  followId: string,
  symbol: string,
): Promise<FollowState> {
  const [seq, target, lastCids, total] = await deps.redis.hmget(
    deps.keys.followerBook(followerAccountId, symbol),
    bookFields.seq(followId),
    bookFields.target(followId),
    bookFields.cids(followId),
    bookFields.total,
  );
  return {
    lastSeq: seq == null ? 0 : Number(seq),
    lastTarget: target == null ? 0 : Number(target),
    lastCids: lastCids == null ? [] : cids.parse(JSON.parse(lastCids)),
    total: total == null ? 0 : Number(total),
  };
}

import { assertContracts } from '../decimal/decimal.ts';
import { planOrders, signedSize } from '../orders/plan-orders.ts';
import type { Leg } from '../types/leg.ts';
import type { TargetState } from '../types/target-state.ts';

/**
 * One follower account's targets on one symbol: each follow's own (lastSeq, lastTarget), and their
 * sum, which is the position the follower's outbox drives the exchange to. A follower that follows
 * several masters holds the sum; one master's exit takes out only that master's share.
 */
export interface FollowerBook {
  total: number;
  follows: Readonly<Record<string, TargetState>>;
}

export const emptyBook: FollowerBook = { total: 0, follows: {} };

export type BookUpdate =
  | { outcome: 'applied'; book: FollowerBook; legs: Leg[]; totalBefore: number }
  /** `seq` is not newer than the follow's lastSeq: a duplicate or late fill changes nothing. */
  | { outcome: 'stale'; book: FollowerBook; lastSeq: number }
  /** The follow's target moved since the caller decided: decide again on `lastTarget`. */
  | { outcome: 'moved'; book: FollowerBook; lastTarget: number };

/**
 * The mapper's compare-and-set for one follow, as an executable spec of the Redis Lua script: the
 * seq guard per follow, an optional check that the decision was made on the target it commits
 * against (`decidedOn`), and the legs that move the follower's total.
 */
export function applyToBook(
  book: FollowerBook,
  followId: string,
  seq: number,
  target: number,
  decidedOn?: number,
): BookUpdate {
  assertContracts(seq, 'seq');
  assertContracts(target, 'target');
  const state = book.follows[followId];
  if (state !== undefined && seq <= state.lastSeq) return { outcome: 'stale', book, lastSeq: state.lastSeq };
  const last = state?.lastTarget ?? 0;
  if (decidedOn !== undefined && decidedOn !== last) return { outcome: 'moved', book, lastTarget: last };
  const totalBefore = book.total;
  const total = totalBefore - last + target;
  return {
    outcome: 'applied',
    book: { total, follows: { ...book.follows, [followId]: { lastSeq: seq, lastTarget: target } } },
    legs: planOrders(totalBefore, total),
    totalBefore,
  };
}

/**
 * Takes a leg that will never trade (refused, expired, cancelled unfilled) back out of the follow's
 * target and the total, so the next decision orders from what the exchange holds.
 */
export function revertLeg(
  book: FollowerBook,
  followId: string,
  leg: Pick<Leg, 'side' | 'size'>,
): FollowerBook {
  const signed = signedSize({ ...leg, reduceOnly: false, leg: 'open' });
  const state = book.follows[followId] ?? { lastSeq: 0, lastTarget: 0 };
  return {
    total: book.total - signed,
    follows: { ...book.follows, [followId]: { ...state, lastTarget: state.lastTarget - signed } },
  };
}

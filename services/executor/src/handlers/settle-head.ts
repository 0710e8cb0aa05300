import type { OrderLeg } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { legEvents } from '../audit/leg-events.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { DrainDeps } from './drain-deps.ts';
import type { LegResult } from './settle-leg.ts';

const signed = (side: OrderLeg['side'], size: number) => (side === 'buy' ? size : -size);

/**
 * Contracts of a leg that will never trade: all of a refused or expired one; of an accepted one
 * what the exchange clipped or left unfilled once the order is done (a resting order's remainder is
 * settled when it is cancelled).
 */
function untraded(leg: OrderLeg, result: LegResult): number {
  // A correction moves the position toward the target; the target never counted it.
  if (leg.leg === 'correction') return 0;
  if (result.outcome === 'rejected' || result.outcome === 'expired') return leg.size;
  const order = result.order;
  if (order === undefined) return 0;
  if (order.state === 'open' || order.state === 'pending') return Math.max(0, leg.size - order.size);
  return Math.max(0, leg.size - (order.size - order.unfilledSize));
}

/**
 * Takes the executed head off the outbox, in one step with the target: whatever of it will never
 * trade comes back out of the follow's target and the follower's total, so the next decision orders
 * from what the exchange holds; a refused flip-close takes its open out too (ARCHITECTURE invariant 3).
 */
/**
 * Moves a head that kept failing to the dead-letter list after its last attempt, so the legs behind
 * it (the exit) go. Its contracts come out of the target only when no request for it can have left
 * (intent still pending); one in doubt stays in the target for exit-sync to reconcile. Its event is on
 * the audit queue before that step: once the head has left the outbox no drain runs it again, so an
 * executor killed right after the step would lose it. The caller holds the drain lock, so the head
 * moves only under this drain (a lock taken over meanwhile, from an executor thought dead, is the one
 * case where the step finds another head and the event was queued for nothing).
 */
export async function deadLetterHead(
  deps: DrainDeps,
  outbox: Outbox,
  entry: string,
  leg: OrderLeg,
  followerUserId: string,
  message: string,
): Promise<void> {
  const state = (await deps.intents.statesOf([leg.clientOrderId])).get(leg.clientOrderId);
  const neverSent = state === undefined || state === 'pending';
  await deps.audit.record(legEvents(leg, followerUserId).deadLettered(message, neverSent));
  const { popped } = await deps.scripts.settleHead({
    outbox: outbox.key,
    book: deps.keys.followerBook(leg.followerAccountId, leg.symbol),
    dead: outbox.deadKey,
    deadLetter: true,
    entry,
    followId: leg.followId,
    takeBack: neverSent ? signed(leg.side, leg.size) : 0,
    dropDependentsOf: null,
  });
  if (popped) deps.metrics.order('dead_lettered');
}

export async function settleHead(
  deps: DrainDeps,
  outbox: Outbox,
  entry: string,
  leg: OrderLeg,
  result: LegResult,
  logger: Logger,
): Promise<void> {
  const remainder = untraded(leg, result);
  const { popped, dropped } = await deps.scripts.settleHead({
    outbox: outbox.key,
    book: deps.keys.followerBook(leg.followerAccountId, leg.symbol),
    dead: outbox.deadKey,
    entry,
    followId: leg.followId,
    takeBack: signed(leg.side, remainder),
    dropDependentsOf: result.outcome === 'rejected' ? leg.clientOrderId : null,
    // An expired signal is not to be opened late; a refusal or a remainder is decided again.
    redecide: result.outcome !== 'expired',
  });
  if (!popped) {
    logger.warn({ clientOrderId: leg.clientOrderId }, 'outbox head moved');
    return;
  }
  for (const _ of dropped) deps.metrics.order('dropped');
}

/**
 * The events of what the head's settle step takes away for good (a remainder that will never trade,
 * the legs that depended on a refused one) go to the audit queue before that step: once the head has
 * left the outbox no drain runs it again, so an executor killed right after would lose them. Only such
 * a head costs a round trip here (the dependents are read as the step will find them, right behind
 * it); should another drain settle the head instead, its events carry the same ids.
 */
export async function recordBeforeSettle(
  deps: DrainDeps,
  outbox: Outbox,
  leg: OrderLeg,
  result: LegResult,
  followerUserId: string,
): Promise<void> {
  const events: Promise<void>[] = [];
  const remainder = untraded(leg, result);
  if (remainder > 0 && result.order !== undefined) {
    const filled = result.order.size - result.order.unfilledSize;
    const reason = result.order.size < leg.size ? 'clipped' : 'not_filled';
    events.push(deps.audit.record(legEvents(leg, followerUserId).unfilled(filled, remainder, reason)));
  }
  if (result.outcome === 'rejected')
    for (const dependent of await dependentsOf(deps, outbox, leg.clientOrderId))
      events.push(deps.audit.record(legEvents(dependent, followerUserId).dropped(leg.clientOrderId)));
  await Promise.all(events);
}

/** The legs right behind the head that depend on it, as `settle-head-3.lua` drops them. */
async function dependentsOf(deps: DrainDeps, outbox: Outbox, clientOrderId: string): Promise<OrderLeg[]> {
  const dependents: OrderLeg[] = [];
  // A refused flip-close has one dependent (its open): the first page holds it.
  for (let from = 1; ; from += DEPENDENTS_PAGE) {
    const page = await deps.redis.lrange(outbox.key, from, from + DEPENDENTS_PAGE - 1);
    for (const raw of page) {
      const leg = parseLeg(raw);
      if (leg?.dependsOn !== clientOrderId) return dependents;
      dependents.push(leg);
    }
    if (page.length < DEPENDENTS_PAGE) return dependents;
  }
}

const DEPENDENTS_PAGE = 8;

function parseLeg(raw: string): OrderLeg | null {
  try {
    return JSON.parse(raw) as OrderLeg;
  } catch {
    return null;
  }
}

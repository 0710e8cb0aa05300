import { type CopyOrderJob, type OrderLeg, orderLeg } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { asSignal } from '../errors/as-signal.ts';
import { DrainBusy, isWait, KillSwitchHold } from '../errors/drain-signals.ts';
import type { DrainLock } from '../outbox/drain-lock.ts';
import { endDrain, peekNext, startDrain } from '../outbox/drain-start.ts';
import { openOutbox, type Outbox } from '../outbox/outbox.ts';
import { cancelAllResting } from './cancel-resting.ts';
import { executeLeg } from './execute-leg.ts';
import { recordResting } from './record-resting.ts';
import { deadLetterHead, recordBeforeSettle, settleHead } from './settle-head.ts';
import type { LegOutcome, LegResult } from './settle-leg.ts';
import type { DrainDeps } from './drain-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';

export type { DrainDeps } from './drain-deps.ts';

export interface DrainOptions {
  /** The job's last attempt: a head that fails now is dead-lettered instead of failing the job. */
  finalAttempt?: boolean;
}

export interface DrainResult {
  /** Legs taken off the outbox by this drain (sent, adopted, rejected or already done). */
  legs: number;
  /** The job's own legs whose intents ended rejected (by this drain or an earlier one). */
  rejected: string[];
}

/**
 * A drain of this process holds the outbox and sends the job's legs: the job's answer once it has
 * settled them all, 'ended' if it ended before (the job drains again), 'stalled' if it settled nothing
 * for `EXECUTOR_COVERED_WAIT_MS` (the job waits as a busy one).
 */
export interface Covered {
  covered: Promise<DrainResult | 'ended' | 'stalled'>;
}

/**
 * Drains one follower's outbox for one symbol, FIFO, under its drain lock: each head is executed
 * and only then popped, so a flip's close always goes before its open and nothing is lost on a
 * crash (the head is simply executed again, idempotently, by the next drain). Returns `Covered`
 * while a drain of this process holds the outbox (`drainOnceUncovered` waits and runs it again).
 */
export async function drainOutbox(
  deps: DrainDeps,
  job: CopyOrderJob,
  logger: Logger,
  options: DrainOptions = {},
): Promise<DrainResult | Covered> {
  const { followerAccountId, symbol } = job;
  deps.markCopyPathBusy?.();
  const started = await startDrain(deps, followerAccountId, symbol, logger);
  if (started === 'empty') return { legs: 0, rejected: await rejectedOf(deps, job, new Map()) };
  if ('coveredBy' in started) {
    deps.metrics.kickCovered();
    const covered = deps.runningDrains.settledBy(started.coveredBy, job.clientOrderIds, deps.coveredWaitMs);
    return {
      covered: covered.then((c) => (typeof c === 'string' ? c : { legs: 0, rejected: rejectedIn(job, c) })),
    };
  }
  // What this drain learned of each leg it executed: the job's answer needs no query when it covers
  // them all, and a kick it covers gets its answer from there.
  const { lock, outcomes } = started;
  let next = started.next;
  const peek = () => peekNext(deps, followerAccountId, symbol, lock);
  try {
    const outbox = openOutbox(deps.redis, deps.scripts, deps.keys.orderOutbox(followerAccountId, symbol));
    let broker: FollowerBroker | undefined;
    let legs = 0;
    for (;;) {
      if (lock.lost) throw new DrainBusy('drain lock lost');
      const entry = next.head;
      if (entry === null) break;
      // Read with the head before every order: an operator's kill switch stops the next one, whatever the drain.
      if (next.killed) throw new KillSwitchHold('kill switch engaged');
      const leg = readLeg(entry, job);
      if (!leg) {
        await deadLetter(deps, outbox, entry, logger);
        next = await peek();
        continue;
      }
      broker ??= await deps.brokerOf(followerAccountId);
      let result: LegResult;
      try {
        // The head's step counted the resting orders: with none, there is nothing to cancel first.
        if (leg.reduceOnly && next.restingCount > 0)
          await cancelRestingFirst(deps, broker, leg, lock, logger, options);
        result = await executeLeg(deps, broker, leg, lock);
      } catch (error) {
        const signal = asSignal(deps, broker.host, error);
        if (signal !== error || !options.finalAttempt || isWait(error)) throw signal;
        // Its attempts are spent: move it aside so the legs behind it (the exit) are not blocked.
        // Only under the lock: its event is queued before the step that moves the head aside.
        if (lock.lost) throw new DrainBusy('drain lock lost');
        const message = error instanceof Error ? error.message : String(error);
        logger.error(
          { clientOrderId: leg.clientOrderId, err: error },
          'leg dead-lettered after its attempts',
        );
        await deadLetterHead(deps, outbox, entry, leg, broker.followerUserId, message);
        legs += 1;
        next = await peek();
        continue;
      }
      await recordResting(deps, leg, result);
      await recordBeforeSettle(deps, outbox, leg, result, broker.followerUserId);
      // The settle and the next head's read go out together: one round trip.
      const settled = settleHead(deps, outbox, entry, leg, result, logger);
      [, next] = await Promise.all([settled, peek()]);
      outcomes.set(leg.clientOrderId, result.outcome);
      deps.runningDrains.settled(lock.token, leg.clientOrderId);
      legs += 1;
    }
    return { legs, rejected: await rejectedOf(deps, job, outcomes) };
  } finally {
    await endDrain(deps, lock);
  }
}

/**
 * Runs a drain; when a drain of this process covers it, waits until that drain has settled the job's
 * legs (its answer), or has ended without (then runs again). Throws `DrainBusy` when the covering
 * drain stalls (no leg settled for `EXECUTOR_COVERED_WAIT_MS`), so the kick waits as a busy one always
 * did and its job does not hold a worker slot behind a slow order.
 */
export async function drainOnceUncovered(drain: () => Promise<DrainResult | Covered>): Promise<DrainResult> {
  for (;;) {
    const result = await drain();
    if (!('covered' in result)) return result;
    const answer = await result.covered;
    if (answer === 'stalled')
      throw new DrainBusy('outbox is being drained by a stalled drain of this executor');
    if (answer !== 'ended') return answer;
  }
}

/** The job's own legs whose intents ended rejected; read from the database only for legs this drain did not execute. */
async function rejectedOf(
  deps: DrainDeps,
  job: CopyOrderJob,
  outcomes: ReadonlyMap<string, LegOutcome>,
): Promise<string[]> {
  const known = job.clientOrderIds.every((cid) => outcomes.has(cid));
  return rejectedIn(job, known ? outcomes : await deps.intents.statesOf(job.clientOrderIds));
}

function rejectedIn(job: CopyOrderJob, states: ReadonlyMap<string, string>): string[] {
  return job.clientOrderIds.filter((cid) => states.get(cid) === 'rejected');
}

/**
 * Before a reduction, the follower's resting orders on the symbol are cancelled and their remainders
 * taken back. On the job's last attempt a cancel that keeps failing does not hold the reduction up:
 * the orders stay recorded (still counted in the total) for their checks or the next reduction.
 */
async function cancelRestingFirst(
  deps: DrainDeps,
  broker: FollowerBroker,
  leg: OrderLeg,
  lock: DrainLock,
  logger: Logger,
  options: DrainOptions,
): Promise<void> {
  try {
    await cancelAllResting(deps, broker, leg.followerAccountId, leg.symbol, lock, logger);
  } catch (error) {
    if (!options.finalAttempt || isWait(error) || asSignal(deps, broker.host, error) !== error) throw error;
    logger.error(
      { clientOrderId: leg.clientOrderId, err: error },
      'resting orders not cancelled before a reduction',
    );
  }
}

function readLeg(entry: string, job: CopyOrderJob): OrderLeg | null {
  let json: unknown;
  try {
    json = JSON.parse(entry);
  } catch {
    return null;
  }
  const parsed = orderLeg.safeParse(json);
  if (!parsed.success) return null;
  const leg = parsed.data;
  return leg.followerAccountId === job.followerAccountId && leg.symbol === job.symbol ? leg : null;
}

async function deadLetter(deps: DrainDeps, outbox: Outbox, entry: string, logger: Logger): Promise<void> {
  const moved = await outbox.deadLetter(entry);
  deps.metrics.deadLetter();
  // The entry is logged by length only: it is ours, but an unreadable one could hold anything.
  logger.error(
    { outbox: outbox.key, deadLetter: outbox.deadKey, moved, bytes: entry.length },
    'invalid outbox entry dead-lettered',
  );
}

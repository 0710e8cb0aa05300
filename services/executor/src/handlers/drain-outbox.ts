import { type CopyOrderJob, type OrderLeg, orderLeg } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { asSignal } from '../errors/as-signal.ts';
import { DrainBusy, isWait, KillSwitchHold } from '../errors/drain-signals.ts';
import { type DrainLock, holdOutbox } from '../outbox/drain-lock.ts';
import { openOutbox, type Outbox } from '../outbox/outbox.ts';
import { cancelAllResting } from './cancel-resting.ts';
import { executeLeg } from './execute-leg.ts';
import { recordResting } from './record-resting.ts';
import { deadLetterHead, settleHead } from './settle-head.ts';
import type { LegResult } from './settle-leg.ts';
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
 * Drains one follower's outbox for one symbol, FIFO, under its drain lock: each head is executed
 * and only then popped, so a flip's close always goes before its open and nothing is lost on a
 * crash (the head is simply executed again, idempotently, by the next drain).
 */
export async function drainOutbox(
  deps: DrainDeps,
  job: CopyOrderJob,
  logger: Logger,
  options: DrainOptions = {},
): Promise<DrainResult> {
  const { followerAccountId, symbol } = job;
  const lock = await holdOutbox(deps, followerAccountId, symbol, logger);
  try {
    const outbox = openOutbox(deps.redis, deps.scripts, deps.keys.orderOutbox(followerAccountId, symbol));
    let broker: FollowerBroker | undefined;
    let legs = 0;
    for (;;) {
      if (lock.lost) throw new DrainBusy('drain lock lost');
      const entry = await outbox.head();
      if (entry === null) break;
      // Checked before every order: an operator's kill switch stops the next one, whatever the drain.
      if ((await deps.redis.exists(deps.keys.killSwitch())) === 1)
        throw new KillSwitchHold('kill switch engaged');
      const leg = readLeg(entry, job);
      if (!leg) {
        await deadLetter(deps, outbox, entry, logger);
        continue;
      }
      broker ??= await deps.brokerOf(followerAccountId);
      let result: LegResult;
      try {
        if (leg.reduceOnly) await cancelRestingFirst(deps, broker, leg, lock, logger, options);
        result = await executeLeg(deps, broker, leg, lock);
      } catch (error) {
        const signal = asSignal(deps, broker.host, error);
        if (signal !== error || !options.finalAttempt || isWait(error)) throw signal;
        // Its attempts are spent: move it aside so the legs behind it (the exit) are not blocked.
        const message = error instanceof Error ? error.message : String(error);
        logger.error(
          { clientOrderId: leg.clientOrderId, err: error },
          'leg dead-lettered after its attempts',
        );
        await deadLetterHead(deps, outbox, entry, leg, broker.followerUserId, message);
        legs += 1;
        continue;
      }
      await recordResting(deps, leg, result);
      await settleHead(deps, outbox, entry, leg, result, broker.followerUserId, logger);
      legs += 1;
    }
    const states = await deps.intents.statesOf(job.clientOrderIds);
    return { legs, rejected: job.clientOrderIds.filter((cid) => states.get(cid) === 'rejected') };
  } finally {
    await lock.release();
  }
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

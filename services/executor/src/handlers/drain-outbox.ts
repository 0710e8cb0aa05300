import { type CopyOrderJob, type OrderLeg, orderLeg } from '@copytrade/contracts';
import { isDeltaError } from '@copytrade/delta-client';
import { isBreakerOpen, type Logger } from '@copytrade/runtime';
import { countsAsBrokerFailure } from '../broker/broker-breakers.ts';
import { BreakerOpenDelay, DrainBusy, RateLimitPause } from '../errors/drain-signals.ts';
import { acquireDrainLock } from '../outbox/drain-lock.ts';
import { openOutbox, type Outbox } from '../outbox/outbox.ts';
import { executeLeg } from './execute-leg.ts';
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
  const lock = await acquireDrainLock({
    redis: deps.redis,
    scripts: deps.scripts,
    key: deps.keys.drainLock(followerAccountId, symbol),
    ttlMs: deps.lockTtlMs ?? 10_000,
    logger,
    holder: deps.lockHolder,
  });
  if (!lock) throw new DrainBusy(`outbox ${followerAccountId}/${symbol} is being drained`);
  try {
    const outbox = openOutbox(deps.redis, deps.scripts, deps.keys.orderOutbox(followerAccountId, symbol));
    let broker: FollowerBroker | undefined;
    let legs = 0;
    for (;;) {
      if (lock.lost) throw new DrainBusy('drain lock lost');
      const entry = await outbox.head();
      if (entry === null) break;
      const leg = readLeg(entry, job);
      if (!leg) {
        await deadLetter(deps, outbox, entry, logger);
        continue;
      }
      broker ??= await deps.brokerOf(followerAccountId);
      let result: LegResult;
      try {
        result = await executeLeg(deps, broker, leg, lock);
      } catch (error) {
        const signal = asSignal(deps, broker.host, error);
        if (signal !== error || !options.finalAttempt) throw signal;
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
      await settleHead(deps, outbox, entry, leg, result, broker.followerUserId, logger);
      legs += 1;
    }
    const states = await deps.intents.statesOf(job.clientOrderIds);
    return { legs, rejected: job.clientOrderIds.filter((cid) => states.get(cid) === 'rejected') };
  } finally {
    await lock.release();
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

/** Rate limits and open circuits are waits, not failures; everything else goes to the queue's retry. */
function asSignal(deps: DrainDeps, host: string, error: unknown): unknown {
  const now = (deps.now ?? Date.now)();
  if (isDeltaError(error, 'rate_limited')) {
    const resetMs = error.retryAfterMs ?? (error.resetAt === undefined ? 1_000 : error.resetAt - now);
    return new RateLimitPause(Math.max(1, resetMs));
  }
  if (isBreakerOpen(error)) return new BreakerOpenDelay(host, deps.breakers.refusingUntil(host) ?? now + 100);
  // A host failure that opened (or re-opened, after a failed trial) the circuit: wait, as jobs do
  // while it is open, instead of spending an attempt on every trial of a long outage.
  const openUntil = countsAsBrokerFailure(error) ? deps.breakers.refusingUntil(host) : null;
  if (openUntil !== null) return new BreakerOpenDelay(host, openUntil);
  return error;
}

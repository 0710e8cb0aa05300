import type { CopyOrderJob } from '@copytrade/contracts';
import { type Logger, withCorrelation } from '@copytrade/runtime';
import type { LimitFunction } from 'p-limit';
import type { AccountRateLimits } from '../broker/account-rate-limits.ts';
import { isWait, RateLimitPause } from '../errors/drain-signals.ts';
import { type DrainDeps, drainOnceUncovered, drainOutbox } from './drain-outbox.ts';
import { waitOutHold } from './wait-out-hold.ts';

/** A kick handed to a job of its own, and how long that job waits before its first try. */
export interface HandOff {
  kick: CopyOrderJob;
  delayMs: number;
  reason: string;
}

export interface DrainKicksDeps {
  drain: DrainDeps;
  rateLimits: AccountRateLimits;
  /** Drains in flight across this process's kick batches. */
  limit: LimitFunction;
  /** Before a failed kick's own job retries it: the queue's first backoff. */
  retryDelayMs: number;
}

/**
 * Drains a batch's kicks concurrently, started in the batch's order (closes first), and returns the
 * kicks that did not end cleanly: each goes to a job of its own, where waits, retries, dead-letters
 * and refusals work exactly as for any single kick. A drain leaves nothing half done, so handing a
 * kick over (or running the whole batch again after a crash) sends nothing twice.
 */
export async function drainKicks(
  deps: DrainKicksDeps,
  kicks: readonly CopyOrderJob[],
  logger: Logger,
): Promise<HandOff[]> {
  const outcomes = await Promise.all(
    kicks.map((kick) => drainKick(deps, kick, withCorrelation(logger, kick.correlationId))),
  );
  return outcomes.filter((handOff): handOff is HandOff => handOff !== null);
}

async function drainKick(deps: DrainKicksDeps, kick: CopyOrderJob, logger: Logger): Promise<HandOff | null> {
  try {
    // A kick waiting for the drain that covers it, or for another process's hold, holds none of the
    // drains in flight.
    const result = await waitOutHold(
      () => drainOnceUncovered(() => deps.limit(() => drainOutbox(deps.drain, kick, logger))),
      deps.drain.heldWaitMs,
      deps.drain.metrics.outboxHeld,
    );
    // A refusal fails its own job, unretried, as a single kick's does.
    return result.rejected.length === 0 ? null : { kick, delayMs: 0, reason: 'rejected' };
  } catch (error) {
    if (error instanceof RateLimitPause) {
      // Held before the hand-off, so its job waits for the reset instead of knocking again.
      await deps.rateLimits.hold(kick.followerAccountId, Date.now() + error.resetMs);
    }
    const reason = error instanceof Error ? error.message : String(error);
    if (!isWait(error))
      logger.warn(
        { followerAccountId: kick.followerAccountId, err: error },
        'drain failed; retried in its own job',
      );
    return { kick, delayMs: isWait(error) ? 0 : deps.retryDelayMs, reason };
  }
}

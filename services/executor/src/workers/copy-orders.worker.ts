import { copyOrderJob, copyOrderKicksJob, copyOrderKicksJobName } from '@copytrade/contracts';
import { type Logger, withCorrelation } from '@copytrade/runtime';
import { type Job, type Processor, UnrecoverableError } from 'bullmq';
import type { LimitFunction } from 'p-limit';
import { z } from 'zod';
import type { AccountRateLimits } from '../broker/account-rate-limits.ts';
import { drainKicks, type HandOff } from '../handlers/drain-kicks.ts';
import {
  type DrainDeps,
  type DrainResult,
  drainOnceUncovered,
  drainOutbox,
} from '../handlers/drain-outbox.ts';
import { waitOutHold } from '../handlers/wait-out-hold.ts';
import { moveIfWait } from './wait-moves.ts';

export interface CopyOrdersWorkerDeps {
  drain: DrainDeps;
  logger: Logger;
  /** Per-account holds after a 429: only that account's jobs wait for the exchange's reset. */
  rateLimits: AccountRateLimits;
  /** Drains in flight across this process's kick batches. */
  drainLimit: LimitFunction;
  /** A failed kick of a batch waits this long in its own job before its first try. */
  retryDelayMs: number;
  /** Enqueues each handed-off kick as a job of its own. */
  handOff(handOffs: HandOff[]): Promise<void>;
}

export interface KicksResult {
  kicks: number;
  handedOff: number;
}

/**
 * Single kicks (exit-sync, the sweep, operators) drain one outbox; kick batches (the mapper's
 * fan-out) drain many, handing any that did not end cleanly to jobs of their own.
 */
export function copyOrdersProcessor(
  deps: CopyOrdersWorkerDeps,
): Processor<unknown, DrainResult | KicksResult> {
  return (job, token) =>
    job.name === copyOrderKicksJobName ? processKicks(deps, job) : processKick(deps, job, token);
}

/** Validates the kick, drains the outbox, and turns waits into BullMQ moves that cost no attempt. */
async function processKick(
  deps: CopyOrdersWorkerDeps,
  job: Job,
  token: string | undefined,
): Promise<DrainResult> {
  const parsed = copyOrderJob.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid copy-order job: ${z.prettifyError(parsed.error)}`);
  const { followerAccountId } = parsed.data;
  const logger = withCorrelation(deps.logger, parsed.data.correlationId);
  const waits = { rateLimits: deps.rateLimits, followerAccountId, logger };
  // The account's rate-limit hold is read by the drain's first Redis step (RateLimitHeld).
  try {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await waitOutHold(
      () => drainOnceUncovered(() => drainOutbox(deps.drain, parsed.data, logger, { finalAttempt })),
      deps.drain.heldWaitMs,
      deps.drain.metrics.outboxHeld,
    );
    // After the rest of the outbox went out: one refusal of the job's own legs ends it, unretried.
    if (result.rejected.length > 0)
      throw new UnrecoverableError(`orders rejected by the exchange: ${result.rejected.join(', ')}`);
    return result;
  } catch (error) {
    return moveIfWait(error, job, token, waits);
  }
}

async function processKicks(deps: CopyOrdersWorkerDeps, job: Job): Promise<KicksResult> {
  const parsed = copyOrderKicksJob.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`invalid copy-order kicks job: ${z.prettifyError(parsed.error)}`);
  const { kicks, correlationId } = parsed.data;
  const handOffs = await drainKicks(
    {
      drain: deps.drain,
      rateLimits: deps.rateLimits,
      limit: deps.drainLimit,
      retryDelayMs: deps.retryDelayMs,
    },
    kicks,
    withCorrelation(deps.logger, correlationId),
  );
  if (handOffs.length > 0) await deps.handOff(handOffs);
  return { kicks: kicks.length, handedOff: handOffs.length };
}

import { copyOrderJob } from '@copytrade/contracts';
import { type Logger, withCorrelation } from '@copytrade/runtime';
import { type Processor, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { AccountRateLimits } from '../broker/account-rate-limits.ts';
import { type DrainDeps, type DrainResult, drainOutbox } from '../handlers/drain-outbox.ts';
import { moveIfWait } from './wait-moves.ts';

export interface CopyOrdersWorkerDeps {
  drain: DrainDeps;
  logger: Logger;
  /** Per-account holds after a 429: only that account's jobs wait for the exchange's reset. */
  rateLimits: AccountRateLimits;
}

/** Validates the kick, drains the outbox, and turns waits into BullMQ moves that cost no attempt. */
export function copyOrdersProcessor(deps: CopyOrdersWorkerDeps): Processor<unknown, DrainResult> {
  return async (job, token) => {
    const parsed = copyOrderJob.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid copy-order job: ${z.prettifyError(parsed.error)}`);
    const { followerAccountId } = parsed.data;
    const logger = withCorrelation(deps.logger, parsed.data.correlationId);
    const waits = { rateLimits: deps.rateLimits, followerAccountId, logger };
    // The account's rate-limit hold is read by the drain's first Redis step (RateLimitHeld).
    try {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await drainOutbox(deps.drain, parsed.data, logger, { finalAttempt });
      // After the rest of the outbox went out: one refusal of the job's own legs ends it, unretried.
      if (result.rejected.length > 0)
        throw new UnrecoverableError(`orders rejected by the exchange: ${result.rejected.join(', ')}`);
      return result;
    } catch (error) {
      return moveIfWait(error, job, token, waits);
    }
  };
}

import { copyOrderJob } from '@copytrade/contracts';
import { type Logger, withCorrelation } from '@copytrade/runtime';
import { DelayedError, type Processor, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { AccountRateLimits } from '../broker/account-rate-limits.ts';
import { BreakerOpenDelay, DrainBusy, RateLimitPause } from '../errors/drain-signals.ts';
import { type DrainDeps, type DrainResult, drainOutbox } from '../handlers/drain-outbox.ts';

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
    // The account's key is known to be exhausted: wait for its reset without knocking on the window.
    const heldUntil = await deps.rateLimits.heldUntil(followerAccountId);
    if (heldUntil !== null) {
      await job.moveToDelayed(heldUntil, token);
      throw new DelayedError();
    }
    try {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const result = await drainOutbox(deps.drain, parsed.data, logger, { finalAttempt });
      // After the rest of the outbox went out: one refusal of the job's own legs ends it, unretried.
      if (result.rejected.length > 0)
        throw new UnrecoverableError(`orders rejected by the exchange: ${result.rejected.join(', ')}`);
      return result;
    } catch (error) {
      if (error instanceof DrainBusy) {
        await job.moveToDelayed(Date.now() + 20 + Math.floor(Math.random() * 10), token);
        throw new DelayedError();
      }
      if (error instanceof BreakerOpenDelay) {
        logger.warn({ jobId: job.id, until: error.untilMs }, 'broker circuit open; job waits');
        await job.moveToDelayed(error.untilMs, token);
        throw new DelayedError();
      }
      if (error instanceof RateLimitPause) {
        const until = await deps.rateLimits.hold(followerAccountId, Date.now() + error.resetMs);
        logger.warn({ jobId: job.id, until }, 'rate limited; this account waits');
        await job.moveToDelayed(until, token);
        throw new DelayedError();
      }
      throw error;
    }
  };
}

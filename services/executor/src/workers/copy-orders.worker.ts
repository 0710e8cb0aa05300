import { copyOrderJob } from '@copytrade/contracts';
import { type Logger, withCorrelation } from '@copytrade/runtime';
import { DelayedError, type Processor, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import { BreakerOpenDelay, DrainBusy, RateLimitPause } from '../errors/drain-signals.ts';
import { type DrainDeps, type DrainResult, drainOutbox } from '../handlers/drain-outbox.ts';

export interface CopyOrdersWorkerDeps {
  drain: DrainDeps;
  logger: Logger;
  /** Pauses the whole queue (BullMQ's limiter) until the exchange's rate-limit window resets. */
  rateLimit(ms: number): Promise<void>;
}

/** Validates the kick, drains the outbox, and turns waits into BullMQ moves that cost no attempt. */
export function copyOrdersProcessor(deps: CopyOrdersWorkerDeps): Processor<unknown, DrainResult> {
  return async (job, token) => {
    const parsed = copyOrderJob.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid copy-order job: ${z.prettifyError(parsed.error)}`);
    const logger = withCorrelation(deps.logger, parsed.data.correlationId);
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
        logger.warn({ jobId: job.id, resetMs: error.resetMs }, 'rate limited; queue paused');
        await deps.rateLimit(error.resetMs);
        throw Worker.RateLimitError();
      }
      throw error;
    }
  };
}

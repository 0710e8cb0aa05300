import { restingCheckJob } from '@copytrade/contracts';
import { withCorrelation } from '@copytrade/runtime';
import { type Processor, UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import { checkResting, type RestingCheckOutcome } from '../handlers/check-resting.ts';
import type { CopyOrdersWorkerDeps } from './copy-orders.worker.ts';
import { moveIfWait, waitOutRateLimitHold } from './wait-moves.ts';

/** Validates the check, runs it, and turns waits (a drain in progress, rate limits) into moves. */
export function restingChecksProcessor(deps: CopyOrdersWorkerDeps): Processor<unknown, RestingCheckOutcome> {
  return async (job, token) => {
    const parsed = restingCheckJob.safeParse(job.data);
    if (!parsed.success)
      throw new UnrecoverableError(`invalid resting-check job: ${z.prettifyError(parsed.error)}`);
    const { followerAccountId } = parsed.data;
    const logger = withCorrelation(deps.logger, parsed.data.correlationId);
    const waits = { rateLimits: deps.rateLimits, followerAccountId, logger };
    await waitOutRateLimitHold(job, token, waits);
    try {
      return await checkResting(deps.drain, parsed.data, logger);
    } catch (error) {
      return moveIfWait(error, job, token, waits);
    }
  };
}

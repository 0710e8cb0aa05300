import { pushDeliveryJob } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { type Processor, UnrecoverableError } from 'bullmq';
import { AttemptFailed } from '../attempt-failed.ts';
import { type PushDeps, type PushOutcome, deliverPush } from './deliver-push.ts';

/** Parses the job and runs one attempt; a push that will not be retried fails the job for good. */
export function pushProcessor(deps: PushDeps & { logger: Logger }): Processor<unknown, PushOutcome> {
  return async (job) => {
    const parsed = pushDeliveryJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid push delivery job');
    const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let outcome: PushOutcome;
    try {
      outcome = await deliverPush(deps, parsed.data, isLast);
    } catch (error) {
      if (!(error instanceof AttemptFailed) && isLast)
        await deps.db.pushDelivery.updateMany({
          where: { ...parsed.data, status: 'pending' },
          data: { status: 'failed', lastError: 'internal error' },
        });
      throw error;
    }
    deps.logger.debug({ subscriptionId: parsed.data.subscriptionId, outcome }, 'push attempt');
    if (outcome === 'failed') throw new UnrecoverableError('push delivery failed for good');
    return outcome;
  };
}

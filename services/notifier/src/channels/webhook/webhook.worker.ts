import { type WebhookDeliveryJob, webhookDeliveryJob } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { type RetrySchedule, retryDelayMs } from '@copytrade/webhooks';
import { type BackoffStrategy, type Processor, UnrecoverableError } from 'bullmq';
import { AttemptFailed } from '../attempt-failed.ts';
import { type DeliverDeps, type DeliverOutcome, deliverWebhook, giveUp } from './deliver-webhook.ts';

/**
 * Parses the job and runs one attempt. A delivery that will not be retried fails the job for good
 * (it shows in the failed set); the delivery log has its reason.
 */
export function webhookProcessor(
  deps: DeliverDeps & { logger: Logger; retries: number },
): Processor<unknown, DeliverOutcome> {
  return async (job) => {
    const parsed = webhookDeliveryJob.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError('invalid webhook delivery job');
    const data: WebhookDeliveryJob = parsed.data;
    // The schedule decides the last attempt (the job's own bound is only an upper limit).
    const isLast = job.attemptsMade >= deps.retries || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    let outcome: DeliverOutcome;
    try {
      outcome = await deliverWebhook(deps, data, isLast);
    } catch (error) {
      if (!(error instanceof AttemptFailed) && isLast) {
        deps.logger.error(
          { err: error, endpointId: data.endpointId, eventId: data.eventId },
          'webhook delivery given up',
        );
        await giveUp(deps.db, data, 'internal error');
        throw new UnrecoverableError('webhook delivery given up after an internal error');
      }
      throw error;
    }
    deps.logger.debug({ endpointId: data.endpointId, eventId: data.eventId, outcome }, 'webhook attempt');
    if (outcome === 'failed') throw new UnrecoverableError('webhook delivery failed for good');
    return outcome;
  };
}

/** Retries on the schedule with jitter, and never before an endpoint's `Retry-After`. */
export function webhookBackoff(schedule: RetrySchedule): BackoffStrategy {
  return (attemptsMade, _type, error) =>
    retryDelayMs(
      schedule,
      attemptsMade,
      error instanceof AttemptFailed ? error.retryAfterMs : null,
      Math.random(),
    );
}

import { type WebhookDeliveryJob, webhookDeliveryJobId } from '@copytrade/contracts';
import type { JobsOptions, Queue } from 'bullmq';

/** The backoff type the webhook worker's strategy answers for. */
export const webhookBackoffType = 'webhook';

export interface DeliveryJobs {
  /** Enqueues deliveries; one already waiting, delayed or running under the same id is left as it is. */
  add(jobs: readonly WebhookDeliveryJob[]): Promise<void>;
}

/** Attempts are the first one plus one per step of the retry schedule. */
export function deliveryJobs(queue: Queue<WebhookDeliveryJob>, retries: number): DeliveryJobs {
  const options = (job: WebhookDeliveryJob): JobsOptions => ({
    jobId: webhookDeliveryJobId(job.endpointId, job.eventId, job.round),
    attempts: retries + 1,
    backoff: { type: webhookBackoffType },
  });
  return {
    async add(jobs) {
      if (jobs.length === 0) return;
      await queue.addBulk(jobs.map((data) => ({ name: 'deliver', data, opts: options(data) })));
    },
  };
}

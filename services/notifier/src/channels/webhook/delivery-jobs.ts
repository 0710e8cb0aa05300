import { type WebhookDeliveryJob, webhookDeliveryJobOptions } from '@copytrade/contracts';
import type { Queue } from 'bullmq';

export interface DeliveryJobs {
  /** Enqueues deliveries; one already waiting, delayed or running under the same id is left as it is. */
  add(jobs: readonly WebhookDeliveryJob[]): Promise<void>;
}

export function deliveryJobs(queue: Queue<WebhookDeliveryJob>): DeliveryJobs {
  return {
    async add(jobs) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map((data) => ({ name: 'deliver', data, opts: webhookDeliveryJobOptions(data) })),
      );
    },
  };
}

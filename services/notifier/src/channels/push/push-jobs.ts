import type { PushDeliveryJob } from '@copytrade/contracts';
import type { Queue } from 'bullmq';

export interface PushJobs {
  /** Enqueues pushes; one already waiting, delayed or running under the same id is left as it is. */
  add(jobs: readonly PushDeliveryJob[]): Promise<void>;
}

/** One job per (browser, event): the id names both, so the feed and the sweep never send one twice. */
export function pushJobId(job: PushDeliveryJob): string {
  return `push_${job.subscriptionId}_${Buffer.from(job.eventId, 'utf8').toString('base64url')}`;
}

export function pushJobs(queue: Queue<PushDeliveryJob>, attempts: number, firstRetryMs: number): PushJobs {
  return {
    async add(jobs) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map((data) => ({
          name: 'push',
          data,
          opts: {
            jobId: pushJobId(data),
            attempts,
            backoff: { type: 'exponential', delay: firstRetryMs },
            removeOnComplete: true,
            removeOnFail: 1_000,
          },
        })),
      );
    },
  };
}

import { queueNames, type RestingCheckJob } from '@copytrade/contracts';
import type { Queue } from 'bullmq';

/** Schedules the check of a resting order at its time limit. */
export interface RestingChecks {
  schedule(check: RestingCheckJob, atMs: number): Promise<void>;
}

/** Delayed jobs on the resting-checks queue, one per order (the job id is its client order id). */
export function restingChecks(queue: Queue<RestingCheckJob>, now: () => number = Date.now): RestingChecks {
  return {
    async schedule(check, atMs) {
      await queue.add(queueNames.restingChecks, check, {
        jobId: `rest_${check.clientOrderId}`,
        delay: Math.max(0, atMs - now()),
      });
    },
  };
}

import type { DefaultJobOptions } from 'bullmq';

/**
 * Retries belong to the queue (ARCHITECTURE invariant 5): attempts with exponential backoff and
 * jitter, bounded retention so Redis memory stays flat under load.
 * @defaultValue attempts 8, backoff 200 ms × 2^n with 50 % jitter (≈ 200 ms … 25 s), keep the last
 * 1,000 completed jobs for an hour and failed ones for a week.
 */
export const defaultJobOptions: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 200, jitter: 0.5 },
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { count: 10_000, age: 7 * 24 * 3_600 },
};

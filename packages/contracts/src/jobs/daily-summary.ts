import { z } from 'zod';

/**
 * notifier's job scheduler → notifier: sum up a UTC day for every `daily_summary` subscriber.
 * Without `day`, the day before the job was due.
 */
export const dailySummaryJob = z.object({ day: z.iso.date().optional() });

export type DailySummaryJob = z.infer<typeof dailySummaryJob>;

import { z } from 'zod';
import { uuid } from '../primitives.ts';

/** gateway → listener: read a master's fills now (the seed's "Real-Time Monitor & Copy"); all when none is named. */
export const monitorJob = z.object({
  masterAccountId: uuid.optional(),
});

/** What one monitor run found, per master: the job's return value. */
export const monitorResult = z.object({
  masters: z.array(
    z.object({
      masterAccountId: uuid,
      /** Master fills this run found that no path had seen before (each now copied). */
      newFills: z.number().int().nonnegative(),
      /** Follows of the master that copy everything now. */
      activeFollowers: z.number().int().nonnegative(),
    }),
  ),
});

export type MonitorJob = z.infer<typeof monitorJob>;
export type MonitorResult = z.infer<typeof monitorResult>;

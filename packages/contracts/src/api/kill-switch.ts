import { z } from 'zod';
import { uuid } from '../primitives.ts';

export const engageKillSwitchBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const releaseKillSwitchBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });

/** While engaged, no executor sends a new order; `by` is the user who engaged it. */
export const killSwitchState = z
  .object({
    engaged: z.boolean(),
    by: uuid.nullable(),
    at: z.iso.datetime().nullable(),
    reason: z.string().nullable(),
  })
  .meta({ id: 'KillSwitch' });
export type KillSwitchState = z.infer<typeof killSwitchState>;

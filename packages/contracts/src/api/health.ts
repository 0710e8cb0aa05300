import { z } from 'zod';

export const healthz = z.object({ status: z.literal('ok') });
export const readyz = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.record(z.string(), z.string()),
});

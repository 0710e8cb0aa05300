import { z } from 'zod';

/**
 * How long the copy-path services (listener, mapper, executor) hold their audit events before queueing
 * them: the queue's add and the audit service's wake-up then come after the copy's own steps instead of
 * among them, when the copy needs the cores, Redis and PostgreSQL (issue 19). Nothing waits on these
 * events but the audit trail, which lags by this much more; a service stopping sends them at once.
 */
export const eventLingerEnvSchema = z.object({
  /** @defaultValue 10 */
  EVENT_LINGER_MS: z.coerce.number().int().min(0).max(60_000).default(10),
});

import { z } from 'zod';
import { uuid } from '../primitives.ts';

/**
 * notifier → notifier: send what is pending for one user's email (the job carries the user only;
 * the outbox rows say what to send, so a repeated or late job sends nothing twice).
 */
export const emailFlushJob = z.object({ userId: uuid });
export type EmailFlushJob = z.infer<typeof emailFlushJob>;

/** notifier → notifier: push one event to one browser. Ids only: the keys stay in PostgreSQL, sealed. */
export const pushDeliveryJob = z.object({
  subscriptionId: uuid,
  eventId: z.string().min(1).max(200),
});
export type PushDeliveryJob = z.infer<typeof pushDeliveryJob>;

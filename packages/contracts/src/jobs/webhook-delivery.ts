import { z } from 'zod';
import { webhookDeliveryJobId } from '../ids.ts';
import { uuid } from '../primitives.ts';

/**
 * notifier / gateway → notifier: send one event to one webhook endpoint. Ids only: the worker loads
 * the endpoint (and its secret) and the event itself, so no secret or signature sits in Redis.
 */
export const webhookDeliveryJob = z.object({
  endpointId: uuid,
  eventId: z.string().min(1).max(200),
  /** 0 for the first delivery, n for the n-th redelivery asked for through the gateway. */
  round: z.number().int().nonnegative(),
});

export type WebhookDeliveryJob = z.infer<typeof webhookDeliveryJob>;

/**
 * The most attempts a delivery job may get. The notifier's retry schedule decides when to stop (it
 * ends the job for good after its last retry); this bound only has to be above it.
 */
export const webhookDeliveryMaxAttempts = 50;

/** How every producer adds a delivery job: its deterministic id, and the notifier's own backoff. */
export function webhookDeliveryJobOptions(job: WebhookDeliveryJob) {
  return {
    jobId: webhookDeliveryJobId(job.endpointId, job.eventId, job.round),
    attempts: webhookDeliveryMaxAttempts,
    /** Answered by the notifier worker's backoff strategy (its schedule, jitter and Retry-After). */
    backoff: { type: 'webhook' },
  };
}

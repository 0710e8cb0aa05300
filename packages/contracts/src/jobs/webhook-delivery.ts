import { z } from 'zod';
import { uuid } from '../primitives.ts';

/**
 * notifier / gateway → notifier: send one event to one webhook endpoint. Ids only: the worker loads
 * the endpoint (and its secret) and the event itself, so no secret or signature sits in Redis.
 * Job id: `webhookDeliveryJobId(endpointId, eventId, round)`.
 */
export const webhookDeliveryJob = z.object({
  endpointId: uuid,
  eventId: z.string().min(1).max(200),
  /** 0 for the first delivery, n for the n-th redelivery asked for through the gateway. */
  round: z.number().int().nonnegative(),
});

export type WebhookDeliveryJob = z.infer<typeof webhookDeliveryJob>;

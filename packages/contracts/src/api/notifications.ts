import { z } from 'zod';
import { base64urlBytes, uuid } from '../primitives.ts';
import { notificationChannel, notificationKind } from '../notifications/notification-kinds.ts';
import { nextCursor, pageQuery } from './paging.ts';

export const webhookEndpointStatus = z.enum(['active', 'disabled']);
export const webhookDisabledReason = z.enum(['gone', 'failures', 'owner']);

/** A webhook endpoint as listed: never its secret. */
export const webhookEndpoint = z
  .object({
    id: uuid,
    userId: uuid,
    url: z.string(),
    description: z.string().nullable(),
    status: webhookEndpointStatus,
    /** Why it is disabled: it answered 410 Gone, failed too many times in a row, or its owner did. */
    disabledReason: webhookDisabledReason.nullable(),
    disabledAt: z.iso.datetime().nullable(),
    consecutiveFailures: z.number().int(),
    /** Until when the previous secret still signs too (after a rotation). */
    previousSecretExpiresAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookEndpoint' });
export type WebhookEndpoint = z.infer<typeof webhookEndpoint>;

/** The answer to creating an endpoint or rotating its secret: the only time the secret is shown. */
export const webhookEndpointWithSecret = z
  .object({
    endpoint: webhookEndpoint,
    /** `whsec_<base64>`: verify our `webhook-signature` header with it (Standard Webhooks). */
    secret: z.string(),
  })
  .meta({ id: 'WebhookEndpointWithSecret' });

const endpointUrl = z.url({ protocol: /^https?$/ }).max(2_000);

export const createWebhookEndpointBody = z.strictObject({
  url: endpointUrl,
  description: z.string().trim().max(200).optional(),
});
export type CreateWebhookEndpointBody = z.infer<typeof createWebhookEndpointBody>;

export const updateWebhookEndpointBody = z
  .strictObject({
    url: endpointUrl.optional(),
    description: z.string().trim().max(200).nullable().optional(),
    /** `active` re-enables a disabled endpoint (its failure count starts again); `disabled` pauses it. */
    status: webhookEndpointStatus.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateWebhookEndpointBody = z.infer<typeof updateWebhookEndpointBody>;

export const rotateWebhookSecretBody = z.strictObject({
  /** How long the previous secret keeps signing beside the new one. @defaultValue 86400 (a day) */
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .default(86_400),
});

export const webhookEndpointParams = z.object({ id: uuid });
export const webhookEndpointList = z.object({ endpoints: z.array(webhookEndpoint) });

export const webhookDeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'skipped']);

/** One event sent (or being sent) to one endpoint: the endpoint's delivery log. */
export const webhookDelivery = z
  .object({
    id: uuid,
    endpointId: uuid,
    eventId: z.string(),
    eventType: z.string(),
    kind: notificationKind,
    status: webhookDeliveryStatus,
    attempts: z.number().int(),
    /** Redeliveries asked for. */
    round: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDelivery = z.infer<typeof webhookDelivery>;

export const webhookDeliveryListQuery = z.strictObject({
  ...pageQuery,
  status: webhookDeliveryStatus.optional(),
});
export const webhookDeliveryList = z.object({ deliveries: z.array(webhookDelivery), nextCursor });
export const webhookDeliveryParams = z.object({ id: uuid, deliveryId: uuid });
export const redeliveryAccepted = z.object({ jobId: z.string(), delivery: webhookDelivery });

/** Which events reach which endpoint, optionally only those of some follows. */
export const notificationSubscription = z
  .object({
    id: uuid,
    userId: uuid,
    channel: notificationChannel,
    /** The webhook endpoint; null for email (the account's address) and web_push (the user's browsers). */
    endpointId: uuid.nullable(),
    kinds: z.array(notificationKind),
    /** Empty: every follow (and account) of the user. */
    followIds: z.array(uuid),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'NotificationSubscription' });
export type NotificationSubscription = z.infer<typeof notificationSubscription>;

const kinds = z
  .array(notificationKind)
  .min(1)
  .max(notificationKind.options.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a kind');
const followIds = z
  .array(uuid)
  .max(100)
  .refine((list) => new Set(list).size === list.length, 'must not repeat a follow');

export const createNotificationSubscriptionBody = z
  .strictObject({
    channel: notificationChannel,
    /** Webhook subscriptions only: which of your endpoints. */
    endpointId: uuid.optional(),
    kinds,
    followIds: followIds.default([]),
  })
  .superRefine((body, ctx) => {
    if (body.channel === 'webhook' && body.endpointId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['endpointId'],
        message: 'a webhook subscription needs an endpointId',
      });
    if (body.channel !== 'webhook' && body.endpointId !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['endpointId'],
        message: `a ${body.channel} subscription has no endpoint (it goes to your own ${body.channel === 'email' ? 'account email' : 'browsers'})`,
      });
  });
export type CreateNotificationSubscriptionBody = z.infer<typeof createNotificationSubscriptionBody>;

export const updateNotificationSubscriptionBody = z
  .strictObject({ kinds: kinds.optional(), followIds: followIds.optional() })
  .refine((body) => Object.keys(body).length > 0, 'give at least one field to change');
export type UpdateNotificationSubscriptionBody = z.infer<typeof updateNotificationSubscriptionBody>;

export const notificationSubscriptionParams = z.object({ id: uuid });
export const notificationSubscriptionList = z.object({ subscriptions: z.array(notificationSubscription) });

/** The empty answer of a removal (204). */
export const noContent = z.null();

/** A browser's push subscription as `PushSubscription.toJSON()` gives it (RFC 8030 endpoint, RFC 8291 keys). */
export const createPushSubscriptionBody = z.strictObject({
  endpoint: z.url({ protocol: /^https$/ }).max(2_000),
  expirationTime: z.number().nullable().optional(),
  keys: z.strictObject({
    /** The browser's P-256 public key, uncompressed, base64url. */
    p256dh: base64urlBytes(65, 'an uncompressed P-256 public key'),
    /** The browser's auth secret, base64url. */
    auth: base64urlBytes(16, 'an auth secret'),
  }),
});
export type CreatePushSubscriptionBody = z.infer<typeof createPushSubscriptionBody>;

/** A device as listed: never its push endpoint or keys (the endpoint is a capability). */
export const pushDevice = z
  .object({
    id: uuid,
    userAgent: z.string().nullable(),
    /** The push service's host (e.g. fcm.googleapis.com), to tell devices apart. */
    pushService: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'PushDevice' });
export type PushDevice = z.infer<typeof pushDevice>;
export const pushDeviceList = z.object({ devices: z.array(pushDevice) });
export const pushDeviceParams = z.object({ id: uuid });
/** The VAPID public key the browser subscribes with (`applicationServerKey`), base64url. */
export const vapidPublicKey = z
  .object({ publicKey: z.string().nullable() })
  .meta({ id: 'VapidPublicKey', description: 'null: Web Push is not configured on this server' });

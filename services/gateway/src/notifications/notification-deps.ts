import { queueNames, type WebhookDeliveryJob } from '@copytrade/contracts';
import type { Vault } from '@copytrade/vault';
import type { EndpointPolicy } from '@copytrade/webhooks';
import type { Queue } from 'bullmq';
import type { GatewayConfig } from '../config.ts';

/** What the notification routes need beyond the database. */
export interface NotificationDeps {
  vault: Vault;
  /** Which endpoint URLs are accepted (https in production; private addresses only when allowed). */
  policy: EndpointPolicy;
  /** The notifier's delivery queue, for redeliveries. */
  deliveries: Queue<WebhookDeliveryJob>;
}

export function buildNotificationDeps(input: {
  config: GatewayConfig;
  vault: Vault;
  queues: Queue[];
}): NotificationDeps {
  const deliveries = input.queues.find((queue) => queue.name === queueNames.webhookDeliveries);
  if (!deliveries) throw new Error(`the gateway needs the ${queueNames.webhookDeliveries} queue`);
  return {
    vault: input.vault,
    policy: {
      requireHttps: input.config.NODE_ENV === 'production',
      allowPrivateAddresses: input.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    },
    deliveries: deliveries as Queue<WebhookDeliveryJob>,
  };
}

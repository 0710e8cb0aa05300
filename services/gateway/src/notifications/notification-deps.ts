import { type AuditEvent, queueNames, type WebhookDeliveryJob } from '@copytrade/contracts';
import { createEventPublisher } from '@copytrade/runtime';
import type { Vault } from '@copytrade/vault';
import type { EndpointPolicy } from '@copytrade/webhooks';
import type { Queue } from 'bullmq';
import type { GatewayConfig } from '../config.ts';
import { type NotificationChange, notificationAudit } from './notification-audit.ts';

/** What the notification routes need beyond the database. */
export interface NotificationDeps {
  vault: Vault;
  /** Which endpoint URLs are accepted (https in production; private addresses only when allowed). */
  policy: EndpointPolicy;
  /** The notifier's delivery queue, for redeliveries. */
  deliveries: Queue<WebhookDeliveryJob>;
  /** The VAPID public key browsers subscribe with; undefined when Web Push is off. */
  vapidPublicKey: string | undefined;
  /** Records each change in the audit log. */
  changed(change: NotificationChange): Promise<void>;
}

export function buildNotificationDeps(input: {
  config: GatewayConfig;
  vault: Vault;
  queues: Queue[];
}): NotificationDeps {
  const queue = (name: string) => {
    const found = input.queues.find((candidate) => candidate.name === name);
    if (!found) throw new Error(`the gateway needs the ${name} queue`);
    return found;
  };
  return {
    vault: input.vault,
    policy: {
      requireHttps: input.config.NODE_ENV === 'production',
      allowPrivateAddresses: input.config.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    },
    deliveries: queue(queueNames.webhookDeliveries) as Queue<WebhookDeliveryJob>,
    vapidPublicKey: input.config.WEB_PUSH_VAPID_PUBLIC_KEY,
    changed: notificationAudit(createEventPublisher<AuditEvent>(queue(queueNames.auditEvents))),
  };
}

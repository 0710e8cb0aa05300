import { type AuditEvent, type AuditEventOf, makeAuditEvent } from '@copytrade/contracts';
import type { EventPublisher } from '@copytrade/runtime';

type NotifierEventType =
  | 'notification.delivered'
  | 'notification.failed'
  | 'notification.daily_summary'
  | 'notification.email_sent'
  | 'notification.email_failed'
  | 'notification.push_delivered'
  | 'notification.push_failed'
  | 'webhook.endpoint_disabled';

export interface NotifierAudit {
  record<T extends NotifierEventType>(
    type: T,
    eventId: string,
    payload: AuditEventOf<T>['payload'],
    /** The notified event's correlation id, so a notification is found with the master fill it follows. */
    correlationId?: string | null,
  ): Promise<void>;
}

/**
 * Records what the notifier did. Event ids are derived from the delivery and attempt, so a retried
 * job records each attempt once.
 */
export function notifierAudit(publisher: EventPublisher<AuditEvent>): NotifierAudit {
  return {
    async record(type, eventId, payload, correlationId = null) {
      await publisher.publish(
        makeAuditEvent({ type, eventId, correlationId, accountId: null, service: 'notifier', payload }),
      );
    },
  };
}

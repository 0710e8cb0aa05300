import { randomUUID } from 'node:crypto';
import { type AuditEvent, type AuditEventOf, makeAuditEvent } from '@copytrade/contracts';
import type { EventPublisher } from '@copytrade/runtime';

export type NotificationChange = AuditEventOf<'notification.settings_changed'>['payload'];

/** Records who changed which endpoint or subscription, and which fields (never a URL or secret). */
export function notificationAudit(audit: EventPublisher<AuditEvent>) {
  return async (change: NotificationChange): Promise<void> => {
    await audit.publish(
      makeAuditEvent({
        type: 'notification.settings_changed',
        eventId: `gateway:notification.settings_changed:${randomUUID()}`,
        correlationId: null,
        accountId: null,
        service: 'gateway',
        payload: { ...change, fields: [...change.fields].sort() },
      }),
    );
  };
}

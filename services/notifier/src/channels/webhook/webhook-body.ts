import type { NotificationKind } from '@copytrade/contracts';
import type { AuditLog } from '@copytrade/db';

/**
 * The message, in the Standard Webhooks shape `{ type, timestamp, data }`: the kind subscribed to,
 * when the event happened, and the audit event itself (its payloads carry ids, sizes and prices,
 * never secrets or balances).
 */
export function webhookBody(kind: NotificationKind, event: AuditLog): string {
  return JSON.stringify({
    type: kind,
    timestamp: event.occurredAt.toISOString(),
    data: {
      eventId: event.eventId,
      eventType: event.type,
      seq: Number(event.seq),
      correlationId: event.correlationId,
      accountId: event.accountId,
      payload: event.payload,
    },
  });
}

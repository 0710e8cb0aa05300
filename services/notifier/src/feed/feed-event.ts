import type { AuditEventType } from '@copytrade/contracts';

/** An audit log row as the feed reads it. */
export interface FeedEvent {
  seq: bigint;
  eventId: string;
  type: AuditEventType;
  occurredAt: Date;
  correlationId: string | null;
  accountId: string | null;
  payload: Record<string, unknown>;
}

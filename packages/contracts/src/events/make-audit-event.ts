import { type AuditEventOf, type AuditEventType, auditPayloads } from './audit-event.ts';

export interface AuditEventInput<T extends AuditEventType> {
  type: T;
  /** Deterministic where the event can be produced twice (a retried job), so audit stores it once. */
  eventId: string;
  correlationId: string | null;
  accountId: string | null;
  service: string;
  payload: AuditEventOf<T>['payload'];
  at?: Date;
}

/** Builds and validates an audit event: a bad payload fails at the producer, not in the audit log. */
export function makeAuditEvent<T extends AuditEventType>(input: AuditEventInput<T>): AuditEventOf<T> {
  const payload = auditPayloads[input.type].parse(input.payload);
  return {
    eventId: input.eventId,
    type: input.type,
    occurredAt: (input.at ?? new Date()).toISOString(),
    correlationId: input.correlationId,
    accountId: input.accountId,
    service: input.service,
    payload,
  } as AuditEventOf<T>;
}

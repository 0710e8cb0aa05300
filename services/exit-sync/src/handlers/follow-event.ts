import { type AuditEventOf, type AuditEventType, makeAuditEvent } from '@copytrade/contracts';

/** An exit-sync event about one follow, filed under its follower account (no master fill caused it). */
export function followEvent<T extends AuditEventType>(
  type: T,
  eventId: string,
  followerAccountId: string,
  payload: AuditEventOf<T>['payload'],
  /** When it happened, if not now (an event recorded by a later cycle). */
  at?: Date,
): AuditEventOf<T> {
  return makeAuditEvent({
    type,
    eventId,
    correlationId: null,
    accountId: followerAccountId,
    service: 'exit-sync',
    payload,
    ...(at !== undefined && { at }),
  });
}

import { randomUUID } from 'node:crypto';
import { type AuditEventOf, type AuditEventType, makeAuditEvent } from '@copytrade/contracts';
import type { OpsDeps } from './ops-deps.ts';

type OpsEventType = 'trigger.pulled' | 'kill_switch.engaged' | 'kill_switch.released';

/**
 * Records who did what before it is done: an action whose audit event cannot be queued is not
 * taken (the caller gets a 500), so nothing an operator does goes unrecorded.
 */
export async function auditOps<T extends OpsEventType & AuditEventType>(
  ops: OpsDeps,
  type: T,
  payload: AuditEventOf<T>['payload'],
  accountId: string | null = null,
): Promise<void> {
  const eventId = `gateway:${type}:${randomUUID()}`;
  await ops.audit.publish(
    makeAuditEvent({ type, eventId, correlationId: eventId, accountId, service: 'gateway', payload }),
  );
}

import type { AuditEvent } from '@copytrade/contracts';
import type { Tx } from '../chain/append-event.ts';
import { projectDecision } from './project-decision.ts';
import { projectOrder } from './project-order.ts';
import { projectSync } from './project-sync.ts';

/**
 * The seed's tables, kept from the events in the append's transaction. Only events that place or
 * describe follower orders have rows; the rest live in the audit log alone. A skipped copy that
 * still lets a risk-reducing leg through (a refused flip still closes) gets rows for that leg.
 */
export async function projectEvent(tx: Tx, event: AuditEvent, occurredAt: Date): Promise<void> {
  switch (event.type) {
    case 'copy.decided':
    case 'copy.skipped':
      return projectDecision(tx, event);
    case 'order.submitted':
    case 'order.accepted':
    case 'order.rejected':
    case 'order.unknown':
    case 'order.retrying':
      return projectOrder(tx, event, occurredAt);
    case 'sync.status':
      return projectSync(tx, event, occurredAt);
    default:
      return;
  }
}

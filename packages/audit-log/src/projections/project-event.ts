import type { AuditEvent } from '@copytrade/contracts';
import type { Projector } from '../chain/append-event.ts';
import { projectDecision } from './project-decision.ts';
import { projectOrder } from './project-order.ts';
import { projectSync } from './project-sync.ts';
import { ProjectionRows } from './projection-rows.ts';

/**
 * The seed's tables, kept from the events in the append's transaction. Only events that place or
 * describe follower orders have rows; the rest live in the audit log alone. A skipped copy that
 * still lets a risk-reducing leg through (a refused flip still closes) gets rows for that leg.
 */
export function projectEvent(rows: ProjectionRows, event: AuditEvent, occurredAt: Date): void {
  switch (event.type) {
    case 'copy.decided':
    case 'copy.skipped':
      projectDecision(rows, event);
      return;
    case 'order.submitted':
    case 'order.accepted':
    case 'order.rejected':
    case 'order.unknown':
    case 'order.retrying':
      projectOrder(rows, event, occurredAt);
      return;
    case 'sync.status':
      projectSync(rows, event, occurredAt);
      return;
    default:
      return;
  }
}

/**
 * A batch's projections: the rows its events touch are read once, changed in the events' order,
 * and written back with one statement per table.
 */
export const projectEvents: Projector = async (tx, stored) => {
  const rows = new ProjectionRows();
  await rows.load(
    tx,
    stored.map((s) => s.event),
  );
  for (const { event, occurredAt } of stored) projectEvent(rows, event, occurredAt);
  await rows.save(tx);
};

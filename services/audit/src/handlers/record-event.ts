import type { AuditEvent } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import { type AppendResult, appendEvent } from '../chain/append-event.ts';
import type { LivePublisher } from '../live/live-publisher.ts';
import type { AuditMetrics } from '../metrics/audit-metrics.ts';
import { projectEvent } from '../projections/project-event.ts';

export interface RecordDeps {
  db: Db;
  live: LivePublisher;
  metrics: AuditMetrics;
}

/** Appends the event with its projections, then (after the commit) tells the gateway. */
export async function recordEvent(deps: RecordDeps, event: AuditEvent): Promise<AppendResult> {
  const started = performance.now();
  const result = await appendEvent(deps.db, event, projectEvent);
  deps.metrics.appendSeconds((performance.now() - started) / 1_000);
  deps.metrics.event(event.type, result.stored ? 'stored' : 'duplicate');
  if (result.stored)
    await deps.live.publish({ ...event, occurredAt: result.occurredAt, seq: result.seq, hash: result.hash });
  return result;
}

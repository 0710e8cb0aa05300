import type { AuditEvent } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import { type AppendResult, appendEvents } from '../chain/append-event.ts';
import type { LiveEvent, LivePublisher } from '../live/live-publisher.ts';
import type { AuditMetrics } from '../metrics/audit-metrics.ts';
import { projectEvents } from '../projections/project-event.ts';

export interface RecordDeps {
  db: Db;
  live: LivePublisher;
  metrics: AuditMetrics;
}

/**
 * Appends a batch of events with their projections in one transaction, then (after the commit)
 * tells the gateway about the stored ones in seq order.
 */
export async function recordEvents(deps: RecordDeps, events: AuditEvent[]): Promise<AppendResult[]> {
  const started = performance.now();
  const results = await appendEvents(deps.db, events, projectEvents);
  deps.metrics.batch(events.length, (performance.now() - started) / 1_000);
  const live: LiveEvent[] = [];
  events.forEach((event, i) => {
    const result = results[i];
    deps.metrics.event(event.type, result?.stored ? 'stored' : 'duplicate');
    if (result?.stored)
      live.push({ ...event, occurredAt: result.occurredAt, seq: result.seq, hash: result.hash });
  });
  await deps.live.publish(live);
  return results;
}

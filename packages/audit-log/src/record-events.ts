import type { AuditEvent } from '@copytrade/contracts';
import type { SqlPool } from '@copytrade/db';
import { type AppendResult, appendEvents } from './chain/append-event.ts';
import type { LiveEvent, LivePublisher } from './live/live-publisher.ts';
import { projectEvents } from './projections/project-event.ts';

/** What a recorder counts: the audit service's metrics, none in a test. */
export interface RecordMetrics {
  /** An event appended (`stored`) or found already in the log (`duplicate`). */
  event(type: string, outcome: 'stored' | 'duplicate'): void;
  /** One append transaction of `size` events, lock wait included. */
  batch(size: number, seconds: number): void;
}

export interface RecordDeps {
  /** Plain node-postgres (`createSqlPool`): the append's statements skip Prisma's work per query. */
  sql: SqlPool;
  live: LivePublisher;
  /** @defaultValue nothing counted */
  metrics?: RecordMetrics;
}

/**
 * Appends a batch of events with their projections in one transaction, then (after the commit)
 * tells the gateway about the stored ones in seq order.
 */
export async function recordEvents(deps: RecordDeps, events: AuditEvent[]): Promise<AppendResult[]> {
  const started = performance.now();
  const results = await appendEvents(deps.sql, events, projectEvents);
  deps.metrics?.batch(events.length, (performance.now() - started) / 1_000);
  const live: LiveEvent[] = [];
  events.forEach((event, i) => {
    const result = results[i];
    deps.metrics?.event(event.type, result?.stored ? 'stored' : 'duplicate');
    if (result?.stored)
      live.push({ ...event, occurredAt: result.occurredAt, seq: result.seq, hash: result.hash });
  });
  await deps.live.publish(live);
  return results;
}

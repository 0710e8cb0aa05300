import type { AuditEvent } from '@copytrade/contracts';
import type { BulkEventPublisher, Logger } from '@copytrade/runtime';

/**
 * Audit lags the copy path by design: events are handed to the audit queue without holding up the
 * order, and a failure to enqueue one is logged, never allowed to fail the trade that caused it.
 */
export interface AuditSink {
  emit(event: AuditEvent): void;
  /** Waits for every event handed over so far (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Events emitted while the copy path runs are gathered and handed over together once the event loop
 * turns (`setImmediate`): the exchange request written in the same turn leaves first, and every
 * drain's events of that turn go to Redis in one `addBulk` round trip instead of one each.
 */
export function createAuditSink(publisher: BulkEventPublisher<AuditEvent>, logger: Logger): AuditSink {
  const pending = new Set<Promise<void>>();
  let batch: AuditEvent[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  const handOver = () => {
    scheduled = undefined;
    const events = batch;
    batch = [];
    if (events.length === 0) return;
    const sent = publisher
      .publishAll(events)
      .catch((error: unknown) =>
        logger.error(
          { err: error, eventIds: events.map((e) => e.eventId), types: events.map((e) => e.type) },
          'audit events not enqueued',
        ),
      )
      .finally(() => pending.delete(sent));
    pending.add(sent);
  };
  return {
    emit(event) {
      batch.push(event);
      scheduled ??= setImmediate(handOver);
    },
    async flush() {
      if (scheduled !== undefined) clearImmediate(scheduled);
      handOver();
      await Promise.all([...pending]);
    },
  };
}

import type { AuditEvent } from '@copytrade/contracts';
import type { EventPublisher, Logger } from '@copytrade/runtime';

/**
 * Audit lags the copy path by design: events are handed to the audit queue without holding up the
 * order, and a failure to enqueue one is logged, never allowed to fail the trade that caused it.
 */
export interface AuditSink {
  emit(event: AuditEvent): void;
  /** Waits for every event handed over so far (shutdown, tests). */
  flush(): Promise<void>;
}

export function createAuditSink(publisher: EventPublisher<AuditEvent>, logger: Logger): AuditSink {
  const pending = new Set<Promise<void>>();
  return {
    emit(event) {
      const sent = publisher
        .publish(event)
        .catch((error: unknown) =>
          logger.error({ err: error, eventId: event.eventId, type: event.type }, 'audit event not enqueued'),
        )
        .finally(() => pending.delete(sent));
      pending.add(sent);
    },
    async flush() {
      await Promise.all([...pending]);
    },
  };
}

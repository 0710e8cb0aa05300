import type { AuditEvent } from '@copytrade/contracts';
import type { EventPublisher, Logger } from '@copytrade/runtime';

/**
 * Audit lags the copy path by design: events are handed to the audit queue without holding up the
 * order, and a failure to enqueue one is logged, never allowed to fail the trade that caused it.
 */
export interface AuditSink {
  emit(event: AuditEvent): void;
  /**
   * Hands a leg's outcome over at once and resolves once it is on the queue (or its failure is
   * logged): the drain waits for it before the head leaves the outbox, so a crash cannot lose it.
   */
  record(event: AuditEvent): Promise<void>;
  /** Waits for every event handed over so far (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Each emitted event is handed over once the event loop turns (`setImmediate`), so the exchange
 * request written in the same turn leaves before the queue's own Redis work; a recorded outcome at
 * once (the order has gone by then). One add per event, each in its
 * emitter's context: a bulk add would file every leg's events under the first leg's trace.
 */
export function createAuditSink(publisher: EventPublisher<AuditEvent>, logger: Logger): AuditSink {
  const waiting = new Map<NodeJS.Immediate, AuditEvent>();
  const pending = new Set<Promise<void>>();
  const handOver = (event: AuditEvent): Promise<void> => {
    const sent = publisher
      .publish(event)
      .catch((error: unknown) =>
        logger.error({ err: error, eventId: event.eventId, type: event.type }, 'audit event not enqueued'),
      )
      .finally(() => pending.delete(sent));
    pending.add(sent);
    return sent;
  };
  return {
    emit(event) {
      const turn = setImmediate(() => {
        waiting.delete(turn);
        handOver(event);
      });
      waiting.set(turn, event);
    },
    record: handOver,
    async flush() {
      for (const [turn, event] of waiting) {
        clearImmediate(turn);
        handOver(event);
      }
      waiting.clear();
      await Promise.all([...pending]);
    },
  };
}

import type { AuditEvent } from '@copytrade/contracts';
import type { EventPublisher, Logger } from '@copytrade/runtime';
import { AuditUnavailable } from '../errors/drain-signals.ts';

/**
 * Audit lags the copy path by design: events are handed to the audit queue without holding up the
 * order. An emitted event that cannot be queued is logged; a recorded one holds its leg's head in the
 * outbox until it is queued.
 */
export interface AuditSink {
  emit(event: AuditEvent): void;
  /**
   * Hands a leg's outcome over at once and resolves once it is on the queue: the drain waits for it
   * before the head leaves the outbox, so a crash cannot lose it. Rejects with `AuditUnavailable`
   * when the queue refused it: the drain stops there and its job waits (no attempt spent), and the
   * next drain records the outcome again (`settledBefore`).
   */
  record(event: AuditEvent): Promise<void>;
  /** Waits for every event handed over so far (shutdown, tests). */
  flush(): Promise<void>;
}

/**
 * Each emitted event (a submission, a retry) is handed to the publisher once the event loop turns
 * (`setImmediate`), so the exchange request written in the same turn leaves before the queue's own
 * Redis work, and the publisher holds it for its linger (`EVENT_LINGER_MS`): it goes out with the leg's
 * recorded outcome, which sends whatever waits at once, or when the linger ends, so the queue's add does
 * not run beside the exchange taking the order. A recorded outcome goes at once (the order has gone by
 * then), after everything emitted before it. One add per event, each in its emitter's context: a bulk
 * add would file every leg's events under the first leg's trace.
 */
type Handed = { queued: true } | { queued: false; error: unknown };

export function createAuditSink(publisher: EventPublisher<AuditEvent>, logger: Logger): AuditSink {
  const waiting = new Map<NodeJS.Immediate, AuditEvent>();
  const pending = new Set<Promise<Handed>>();
  const handOver = (event: AuditEvent): Promise<Handed> => {
    const sent = publisher
      .publish(event)
      .then(
        (): Handed => ({ queued: true }),
        (error: unknown): Handed => {
          logger.error({ err: error, eventId: event.eventId, type: event.type }, 'audit event not enqueued');
          return { queued: false, error };
        },
      )
      .finally(() => pending.delete(sent));
    pending.add(sent);
    return sent;
  };
  return {
    emit(event) {
      const turn = setImmediate(() => {
        waiting.delete(turn);
        void handOver(event);
      });
      waiting.set(turn, event);
    },
    async record(event) {
      const handing = handOver(event);
      // Sends it with whatever lingers, in the order published: a submission before its outcome.
      void publisher.flush();
      const handed = await handing;
      if (!handed.queued)
        throw new AuditUnavailable(`audit event ${event.eventId} not enqueued`, { cause: handed.error });
    },
    async flush() {
      for (const [turn, event] of waiting) {
        clearImmediate(turn);
        void handOver(event);
      }
      waiting.clear();
      await publisher.flush();
      await Promise.all([...pending]);
    },
  };
}

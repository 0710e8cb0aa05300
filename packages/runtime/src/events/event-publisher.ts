import type { Queue } from 'bullmq';

/** Anything with a stable id; the id becomes the job id, so a retried producer records it once. */
export interface PublishableEvent {
  eventId: string;
}

export interface EventPublisher<E extends PublishableEvent> {
  publish(event: E): Promise<void>;
}

/** A publisher that can also hand over many events in one Redis round trip (BullMQ `addBulk`). */
export interface BulkEventPublisher<E extends PublishableEvent> extends EventPublisher<E> {
  publishAll(events: readonly E[]): Promise<void>;
}

/**
 * Hands events to the audit queue. Audit lags the copy path by design: a failure to enqueue an
 * event is logged by the caller, never allowed to fail the trade that caused it.
 */
export function createEventPublisher<E extends PublishableEvent>(queue: Queue): BulkEventPublisher<E> {
  const job = (event: E) => ({
    name: event.eventId.slice(0, 60),
    data: event,
    opts: { jobId: event.eventId.replaceAll(':', '_') },
  });
  return {
    async publish(event) {
      const { name, data, opts } = job(event);
      await queue.add(name, data, opts);
    },
    async publishAll(events) {
      if (events.length > 0) await queue.addBulk(events.map(job));
    },
  };
}

import type { Queue } from 'bullmq';

/** Anything with a stable id; the id becomes the job id, so a retried producer records it once. */
export interface PublishableEvent {
  eventId: string;
}

export interface EventPublisher<E extends PublishableEvent> {
  publish(event: E): Promise<void>;
}

/**
 * Hands events to the audit queue. Audit lags the copy path by design: a failure to enqueue an
 * event is logged by the caller, never allowed to fail the trade that caused it.
 */
export function createEventPublisher<E extends PublishableEvent>(queue: Queue): EventPublisher<E> {
  return {
    async publish(event) {
      await queue.add(event.eventId.slice(0, 60), event, { jobId: event.eventId.replaceAll(':', '_') });
    },
  };
}

import type { Queue } from 'bullmq';

/** Anything with a stable id; the id becomes the job id, so a retried producer records it once. */
export interface PublishableEvent {
  eventId: string;
}

export interface EventPublisher<E extends PublishableEvent> {
  publish(event: E): Promise<void>;
  /** Many events in one round trip (a fan-out's decisions); each keeps its own job id. */
  publishMany(events: readonly E[]): Promise<void>;
}

const eventJob = <E extends PublishableEvent>(event: E) => ({
  name: event.eventId.slice(0, 60),
  data: event,
  opts: { jobId: event.eventId.replaceAll(':', '_') },
});

/**
 * Hands events to the audit queue. Audit lags the copy path by design: a failure to enqueue an
 * event is logged by the caller, never allowed to fail the trade that caused it.
 */
export function createEventPublisher<E extends PublishableEvent>(queue: Queue): EventPublisher<E> {
  return {
    async publish(event) {
      const job = eventJob(event);
      await queue.add(job.name, job.data, job.opts);
    },
    async publishMany(events) {
      if (events.length > 0) await queue.addBulk(events.map(eventJob));
    },
  };
}

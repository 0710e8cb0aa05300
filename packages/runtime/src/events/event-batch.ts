import type { TraceCarrier } from '@copytrade/telemetry';

/** At most this many events ride in one job (a job's data is one Redis value). */
export const MAX_EVENTS_PER_JOB = 200;

/** What an event queue's job carries: the events one producer flushed together, oldest first. */
export interface EventBatch<E> {
  events: E[];
  /**
   * With tracing on, each event's trace context (by index; null where it had none): the job's own
   * context is only its first publisher's.
   */
  traces?: (TraceCarrier | null)[];
}

/** The job for a batch; its name (what Bull Board lists) says what is in it. */
export function eventBatchJob<E extends { eventId: string }>(
  events: E[],
  traces: (TraceCarrier | undefined)[] = [],
): { name: string; data: EventBatch<E> } {
  const first = events[0]!.eventId.slice(0, 60);
  const name = events.length === 1 ? first : `${first} +${events.length - 1}`;
  if (!traces.some((t) => t !== undefined)) return { name, data: { events } };
  return { name, data: { events, traces: events.map((_, i) => traces[i] ?? null) } };
}

/**
 * The events of a job, unchecked: a batch's, or the job itself when it holds one bare event (as
 * producers queued them before batching, so a rolling deploy loses nothing). Each is validated by
 * the consumer on its own, so one bad event does not take the others with it.
 */
export function eventsOfJob(data: unknown): unknown[] {
  if (typeof data === 'object' && data !== null && 'events' in data && Array.isArray(data.events))
    return data.events;
  return [data];
}

/** The trace context the event at `index` of a job was published in, if it carried one. */
export function traceOfEvent(data: unknown, index: number): TraceCarrier | undefined {
  if (typeof data !== 'object' || data === null || !('traces' in data) || !Array.isArray(data.traces))
    return undefined;
  const carrier: unknown = data.traces[index];
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  // Only string headers are passed on (what a W3C propagator reads).
  return Object.fromEntries(Object.entries(carrier).filter(([, v]) => typeof v === 'string'));
}

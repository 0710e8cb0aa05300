import { captureTraceContext, type TraceCarrier, withTraceContext } from '@copytrade/telemetry';
import type { Queue } from 'bullmq';
import { eventBatchJob, MAX_EVENTS_PER_JOB } from './event-batch.ts';

/** Anything with a stable id: a consumer that receives an event twice (a retried producer or job) records it once. */
export interface PublishableEvent {
  eventId: string;
}

export interface EventPublisher<E extends PublishableEvent> {
  /** Resolves once the event is on the queue (in a job with whatever else was published meanwhile). */
  publish(event: E): Promise<void>;
  /** Many events at once (a fan-out's decisions); resolves once all are on the queue. */
  publishMany(events: readonly E[]): Promise<void>;
  /**
   * Sends what is waiting now, without waiting out the linger, and resolves once everything published
   * so far is on the queue (or failed): a stopping service calls it before its queues close.
   */
  flush(): Promise<void>;
}

interface Pending<E> {
  events: readonly E[];
  trace: TraceCarrier | undefined;
  resolve(): void;
  reject(error: unknown): void;
}

/**
 * Hands events to the audit queue, many per job: what is published while one job is being added goes
 * in the next, up to `MAX_EVENTS_PER_JOB` (a lone event goes at once, on the next microtask). A job
 * costs the queue and its worker about ten times what appending one more event to it does (issue 19),
 * and a copy makes four events. Jobs are added one after the other, so one producer's events reach
 * the queue in the order they were published. Audit lags the copy path by design: a failure to
 * enqueue is the caller's to log, never allowed to fail the trade that caused it.
 */
export function createEventPublisher<E extends PublishableEvent>(
  queue: Queue,
  options: {
    /**
     * How long a publish waits for others to share its job, for events nobody waits on (exit-sync's
     * periodic status): 0 sends a lone event on the next microtask. @defaultValue 0
     */
    lingerMs?: number;
  } = {},
): EventPublisher<E> {
  const lingerMs = options.lingerMs ?? 0;
  const waiting: Pending<E>[] = [];
  /** A send is scheduled (on the next microtask or after the linger) or running. */
  let scheduled = false;
  let lingering: NodeJS.Timeout | undefined;
  let sending: Promise<void> | undefined;

  async function sendWaiting(): Promise<void> {
    try {
      while (waiting.length > 0) {
        const taken = takeBatch(waiting);
        // The job travels in its first publisher's trace; the other events carry their own.
        const lead = taken[0]!;
        const job = eventBatchJob(
          taken.flatMap((p) => p.events),
          taken.flatMap((p) => p.events.map(() => (p === lead ? undefined : p.trace))),
        );
        try {
          await withTraceContext(lead.trace ?? {}, () => queue.add(job.name, job.data));
          for (const p of taken) p.resolve();
        } catch (error) {
          for (const p of taken) p.reject(error);
        }
      }
    } finally {
      scheduled = false;
      sending = undefined;
    }
  }

  function send(): Promise<void> {
    clearTimeout(lingering);
    lingering = undefined;
    // Only with something waiting: then sendWaiting awaits before its `finally` clears `sending`. A
    // send scheduled before a flush() that already sent everything finds nothing to do.
    if (sending === undefined && waiting.length > 0) sending = sendWaiting();
    return sending ?? Promise.resolve();
  }

  function enqueue(events: readonly E[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    const trace = captureTraceContext();
    const done = new Promise<void>((resolve, reject) => waiting.push({ events, trace, resolve, reject }));
    // Whatever else is published in this same turn joins the job.
    if (!scheduled) {
      scheduled = true;
      if (lingerMs > 0) lingering = setTimeout(() => void send(), lingerMs);
      else queueMicrotask(() => void send());
    }
    return done;
  }

  return {
    publish: (event) => enqueue([event]),
    publishMany: async (events) => {
      // A batch larger than a job goes in several.
      const parts: Promise<void>[] = [];
      for (let i = 0; i < events.length; i += MAX_EVENTS_PER_JOB)
        parts.push(enqueue(events.slice(i, i + MAX_EVENTS_PER_JOB)));
      await Promise.all(parts);
    },
    flush: send,
  };
}

/** The first publishes, up to a job's worth of events (a publish is never split). */
function takeBatch<E>(waiting: Pending<E>[]): Pending<E>[] {
  let count = 0;
  let n = 0;
  while (n < waiting.length && (n === 0 || count + waiting[n]!.events.length <= MAX_EVENTS_PER_JOB)) {
    count += waiting[n]!.events.length;
    n += 1;
  }
  return waiting.splice(0, n);
}

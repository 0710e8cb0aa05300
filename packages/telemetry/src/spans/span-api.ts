/** Primitive attribute values only: spans stay small (fan-out puts one per follower in a trace). */
export type SpanAttributes = Record<string, string | number | boolean>;

/** What code on the copy path may do with its span; every method is a no-op when tracing is off. */
export interface SpanHandle {
  set(attributes: SpanAttributes): void;
  /** A moment inside the span (e.g. the decision committed), read by `stageDurations`. */
  event(name: string): void;
}

export interface SpanOptions {
  /** A trace starts here: only such roots are sampled (BullMQ's own timers are not traces). */
  root?: boolean;
  /** When the span began, if before the call (a fill seen on the socket before it was handled). */
  startedAt?: SpanStart;
}

/** A moment before the span's call: the wall clock, and where known the monotonic one (more precise). */
export interface SpanStart {
  /** Epoch milliseconds (`Date.now()`). */
  epochMs: number;
  /** `performance.now()` at the same moment: traced, the start is read from it to the microsecond. */
  monotonicMs?: number;
}

/** The active trace context as W3C headers (`traceparent`…), to carry it where no job option does. */
export type TraceCarrier = Record<string, string>;

/** The running SDK's side of `withSpan`, installed by `enableTracing`. */
export interface SpanRunner {
  run<T>(
    name: string,
    attributes: SpanAttributes,
    options: SpanOptions,
    fn: (span: SpanHandle) => Promise<T>,
  ): Promise<T>;
  /** The active context, or undefined when there is no span to carry. */
  capture(): TraceCarrier | undefined;
  /** Runs `fn` in the context `carrier` holds. */
  within<T>(carrier: TraceCarrier, fn: () => Promise<T>): Promise<T>;
}

let runner: SpanRunner | undefined;

export function installSpanRunner(next: SpanRunner | undefined): void {
  runner = next;
}

export function currentSpanRunner(): SpanRunner | undefined {
  return runner;
}

import {
  currentSpanRunner,
  type SpanAttributes,
  type SpanHandle,
  type SpanOptions,
  type SpanStart,
  type TraceCarrier,
} from './span-api.ts';

const noSpan: SpanHandle = { set() {}, event() {} };

/**
 * Runs `fn` inside a span named `name`, a child of the active one. With tracing off it is one
 * variable read and a direct call: no OpenTelemetry code runs or is even loaded.
 */
export function withSpan<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
  options: SpanOptions = {},
): Promise<T> {
  const runner = currentSpanRunner();
  return runner === undefined ? fn(noSpan) : runner.run(name, attributes, options, fn);
}

/** `withSpan` for the first span of a trace: a master fill as the listener sees it. */
export function startTrace<T>(
  name: string,
  attributes: SpanAttributes,
  fn: (span: SpanHandle) => Promise<T>,
  startedAt?: SpanStart,
): Promise<T> {
  return withSpan(name, attributes, fn, { root: true, ...(startedAt !== undefined && { startedAt }) });
}

/**
 * The active trace context, for an event that travels with others in one job (whose own trace context
 * is the first publisher's): undefined with tracing off or outside a span.
 */
export function captureTraceContext(): TraceCarrier | undefined {
  return currentSpanRunner()?.capture();
}

/**
 * Runs `fn` in a captured trace context (its spans join that trace; an empty carrier: outside any
 * trace); with tracing off, or no carrier, a plain call.
 */
export function withTraceContext<T>(carrier: TraceCarrier | undefined, fn: () => Promise<T>): Promise<T> {
  const runner = currentSpanRunner();
  return runner === undefined || carrier === undefined ? fn() : runner.within(carrier, fn);
}

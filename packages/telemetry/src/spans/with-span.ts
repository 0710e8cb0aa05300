import { currentSpanRunner, type SpanAttributes, type SpanHandle, type SpanOptions } from './span-api.ts';

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
  startTimeMs?: number,
): Promise<T> {
  return withSpan(name, attributes, fn, { root: true, ...(startTimeMs !== undefined && { startTimeMs }) });
}

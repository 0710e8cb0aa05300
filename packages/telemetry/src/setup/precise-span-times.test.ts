import type { HrTime } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { PreciseSpanTimes } from './precise-span-times.ts';

const ms = ([seconds, nanos]: HrTime) => seconds * 1_000 + nanos / 1e6;

function spin(forMs: number) {
  const until = performance.now() + forMs;
  while (performance.now() < until);
}

/** Date.now() at the instant it ticks: a whole millisecond that is exact. */
function onTick(): number {
  const first = Date.now();
  let now = Date.now();
  while (now === first) now = Date.now();
  return now;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  spanProcessors: [new PreciseSpanTimes(), new SimpleSpanProcessor(exporter)],
});
const tracer = provider.getTracer('test');

afterEach(() => exporter.reset());

describe('PreciseSpanTimes', () => {
  it('starts two spans begun 0.3 ms apart 0.3 ms apart, not 0 or 1 ms (the SDK alone starts at Date.now())', () => {
    const gaps: number[] = [];
    for (let i = 0; i < 20; i++) {
      const first = tracer.startSpan('first');
      spin(0.3);
      const second = tracer.startSpan('second');
      first.end();
      second.end();
    }
    const spans = exporter.getFinishedSpans();
    for (let i = 0; i < spans.length; i += 2)
      gaps.push(ms(spans[i + 1]!.startTime) - ms(spans[i]!.startTime));
    // A gap can only grow (the process may be descheduled between the two); never shrink below 0.3.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0.29);
    expect(median(gaps)).toBeLessThan(0.7);
  });

  it('keeps wall-clock time: a span starts within a millisecond of Date.now()', () => {
    const before = Date.now();
    const span = tracer.startSpan('now');
    const after = Date.now();
    span.end();
    const start = ms(exporter.getFinishedSpans()[0]!.startTime);
    expect(start).toBeGreaterThanOrEqual(before - 0.05);
    expect(start).toBeLessThan(after + 1);
  });

  it('ends a span given its own start on the monotonic clock, not at a whole Date.now() millisecond', () => {
    const durations: number[] = [];
    for (let i = 0; i < 20; i++) {
      // As the listener gives a fill's start: Date.now(), here read as it ticks so that it is exact.
      const startMs = onTick();
      const span = tracer.startSpan('given start', { startTime: startMs });
      spin(0.4);
      span.end();
      const finished = exporter.getFinishedSpans().at(-1)!;
      expect(ms(finished.startTime)).toBeCloseTo(startMs, 2);
      durations.push(ms(finished.endTime) - ms(finished.startTime));
    }
    // The wall clock's offset is measured to tens of microseconds when other processes share the cores
    // (runs of CI's saw 0.376 and 0.292 ms for 0.4): still far from the SDK's whole milliseconds (0 or 1),
    // which would put the median at 0 or 1 and the shortest at 0.
    expect(Math.min(...durations)).toBeGreaterThanOrEqual(0.2);
    expect(median(durations)).toBeGreaterThanOrEqual(0.33);
    expect(median(durations)).toBeLessThan(0.8);
  });

  it('puts events on the same clock as the start', () => {
    const span = tracer.startSpan('with event');
    spin(0.25);
    span.addEvent('committed');
    span.end();
    const finished = exporter.getFinishedSpans()[0]!;
    const at = ms(finished.events[0]!.time) - ms(finished.startTime);
    expect(at).toBeGreaterThanOrEqual(0.24);
  });
});

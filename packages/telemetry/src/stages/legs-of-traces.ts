import { type LegStages, stageDurations } from './stage-durations.ts';
import type { TraceSpan } from './trace-span.ts';

/**
 * The stage durations of every leg, trace by trace in the order the traces began (their earliest
 * span); with `lastTraces`, only those of the last that many traces with a leg: a benchmark's measured
 * fills come after its warm-up.
 */
export function legsOfTraces(spans: readonly TraceSpan[], lastTraces?: number): LegStages[] {
  const traces = new Map<string, TraceSpan[]>();
  for (const span of spans) {
    const trace = traces.get(span.traceId);
    if (trace) trace.push(span);
    else traces.set(span.traceId, [span]);
  }
  const withLegs = [...traces.values()]
    .map((trace) => ({ began: Math.min(...trace.map((s) => s.startMs)), legs: stageDurations(trace) }))
    .filter((t) => t.legs.length > 0)
    .sort((a, b) => a.began - b.began);
  const kept =
    lastTraces === undefined ? withLegs : withLegs.slice(Math.max(0, withLegs.length - lastTraces));
  return kept.flatMap((t) => t.legs);
}

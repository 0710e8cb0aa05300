// Summaries of latency samples for the benchmark's report.

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile (the smallest sample with at least p of the samples at or below it). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

const round = (ms: number) => Math.round(ms * 100) / 100;

/** null when there is nothing to summarise: a report must not show a made-up zero. */
export function summarize(samples: readonly number[]): Summary | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5)),
    p90: round(percentile(sorted, 0.9)),
    p99: round(percentile(sorted, 0.99)),
    max: round(sorted.at(-1)!),
    mean: round(sum / sorted.length),
  };
}

/** How many times slower the baseline is than ours (null when either is missing or ours is 0). */
export function ratio(baseline: number | undefined, ours: number | undefined): number | null {
  if (baseline === undefined || ours === undefined || !(ours > 0) || Number.isNaN(baseline)) return null;
  return Math.round((baseline / ours) * 10) / 10;
}

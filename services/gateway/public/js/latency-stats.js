// Copy-latency statistics for the live page, pure (no DOM), so a unit test runs them in Node.

/**
 * The p-quantile (0 ≤ p ≤ 1) of ascending `sorted` values, interpolating between the two nearest
 * ranks as PostgreSQL's percentile_cont does (the status API's numbers); null for no values.
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile p must be within 0..1, got ${p}`);
  const rank = p * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (rank - below);
}

/** p50, p90 and p99 of the latencies, and how many there are. */
export function latencySummary(latencies) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
  };
}

/** The points at or after `fromMs` (points are `{ atMs, latencyMs }`). */
export function pointsSince(points, fromMs) {
  return points.filter((point) => point.atMs >= fromMs);
}

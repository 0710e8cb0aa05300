/** An exchange latency profile: every REST request waits `ms` + uniform(0, `jitterMs`) before the simulator takes it. */
export interface LatencyProfile {
  name: string;
  ms: number;
  jitterMs: number;
}

/**
 * `--latency` of a focused run: `0`, a fixed `30`, or a range `20-50` (the full report's realistic
 * profile). Throws with what it takes for anything else.
 */
export function parseLatency(text: string): LatencyProfile {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text.trim());
  const low = match ? Number(match[1]) : Number.NaN;
  const high = match?.[2] === undefined ? low : Number(match[2]);
  if (!(low >= 0 && high >= low && high <= 10_000))
    throw new Error(
      `--latency takes milliseconds from 0 to 10000, one (30) or a range (20-50), not "${text}"`,
    );
  return { name: high === low ? `${low} ms` : `${low}–${high} ms`, ms: low, jitterMs: high - low };
}

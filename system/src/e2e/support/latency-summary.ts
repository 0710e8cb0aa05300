/** Latencies in ms as a log line's words: the median (lower of the middle two) and the worst. */
export function latencySummary(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `p50 ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
}

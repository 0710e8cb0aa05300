// Types of latency-stats.js for the TypeScript unit test that imports it (the page loads the .js).
export interface LatencySummary {
  count: number;
  p50: number | null;
  p90: number | null;
  p99: number | null;
}
export function percentile(sorted: readonly number[], p: number): number | null;
export function latencySummary(latencies: readonly number[]): LatencySummary;
export function pointsSince<T extends { atMs: number }>(points: readonly T[], fromMs: number): T[];

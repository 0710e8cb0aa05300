import type { LegStages } from './stage-durations.ts';

export const stageNames = [
  'seenToMapped',
  'mappedToEnqueued',
  'enqueuedToPickedUp',
  'pickedUpToRequest',
  'requestToAccepted',
  'acceptedToAudited',
  'total',
] as const;

export type StageName = (typeof stageNames)[number];
export interface Spread {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values, to 0.1 ms. */
function at(sorted: number[], p: number): number {
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? 0;
  return Math.round(value * 10) / 10;
}

/** p50/p90/p99/max of each stage over many legs (the benchmark's table). */
export function summarizeStages(legs: readonly LegStages[]): { legs: number } & Record<StageName, Spread> {
  const spreads = Object.fromEntries(
    stageNames.map((name) => {
      const sorted = legs.map((leg) => leg[name]).sort((a, b) => a - b);
      return [
        name,
        { p50: at(sorted, 0.5), p90: at(sorted, 0.9), p99: at(sorted, 0.99), max: at(sorted, 1) },
      ];
    }),
  ) as Record<StageName, Spread>;
  return { legs: legs.length, ...spreads };
}

import { describe, expect, it } from 'vitest';
import type { LegStages } from './stage-durations.ts';
import { summarizeStages } from './stage-summary.ts';

const leg = (total: number): LegStages => ({
  followerAccountId: 'f',
  clientOrderId: 'c',
  seenToMapped: total / 2,
  mappedToEnqueued: 0.25,
  enqueuedToPickedUp: 1,
  pickedUpToRequest: 1,
  requestToAccepted: 2,
  acceptedToAudited: 3,
  total,
});

describe('stage summary', () => {
  it('gives nearest-rank percentiles of each stage', () => {
    const summary = summarizeStages(Array.from({ length: 100 }, (_, i) => leg(i + 1)));
    expect(summary.legs).toBe(100);
    expect(summary.total).toEqual({ p50: 50, p90: 90, p99: 99, max: 100 });
    expect(summary.seenToMapped).toEqual({ p50: 25, p90: 45, p99: 49.5, max: 50 });
    expect(summary.mappedToEnqueued).toEqual({ p50: 0.3, p90: 0.3, p99: 0.3, max: 0.3 });
  });

  it('is all zeros for no legs', () => {
    expect(summarizeStages([]).total).toEqual({ p50: 0, p90: 0, p99: 0, max: 0 });
  });
});

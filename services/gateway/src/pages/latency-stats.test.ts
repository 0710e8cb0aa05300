import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latencySummary, percentile, pointsSince } from '../../public/js/latency-stats.js';

const latencies = fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 300 });
const ascending = (values: number[]) => [...values].sort((a, b) => a - b);

describe('percentile (the live page’s copy-latency numbers)', () => {
  it('interpolates between ranks as PostgreSQL percentile_cont does', () => {
    // The status API's own example: 1..100 ms gives 50.5, 90.1 and 99.01.
    const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencySummary(oneToHundred)).toEqual({
      count: 100,
      p50: 50.5,
      p90: expect.closeTo(90.1, 9),
      p99: expect.closeTo(99.01, 9),
    });
    expect(percentile([10, 20, 30, 40], 0.5)).toBe(25);
    expect(percentile([7], 0.99)).toBe(7);
    expect(latencySummary([])).toEqual({ count: 0, p50: null, p90: null, p99: null });
  });

  it('is the minimum at 0, the maximum at 1, and never decreases as p grows', () => {
    fc.assert(
      fc.property(
        latencies,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const sorted = ascending(values);
          expect(percentile(sorted, 0)).toBe(sorted[0]);
          expect(percentile(sorted, 1)).toBe(sorted.at(-1));
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(percentile(sorted, low)!).toBeLessThanOrEqual(percentile(sorted, high)! + 1e-9);
        },
      ),
    );
  });

  it('does not depend on the order the latencies came in, and orders p50 ≤ p90 ≤ p99', () => {
    fc.assert(
      fc.property(latencies, (values) => {
        const summary = latencySummary(values);
        expect(latencySummary([...values].reverse())).toEqual(summary);
        expect(summary.count).toBe(values.length);
        expect(summary.p50!).toBeLessThanOrEqual(summary.p90!);
        expect(summary.p90!).toBeLessThanOrEqual(summary.p99!);
        expect(summary.p99!).toBeLessThanOrEqual(Math.max(...values));
      }),
    );
  });

  it('refuses a p outside 0..1', () => {
    expect(() => percentile([1, 2], 1.5)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(/within 0..1/);
  });

  it('keeps the points of the window', () => {
    const points = [
      { atMs: 1, latencyMs: 5 },
      { atMs: 10, latencyMs: 6 },
      { atMs: 20, latencyMs: 7 },
    ];
    expect(pointsSince(points, 10).map((p) => p.latencyMs)).toEqual([6, 7]);
  });
});

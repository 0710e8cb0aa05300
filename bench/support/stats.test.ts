import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentile, ratio, summarize } from './stats.ts';

const samples = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 });

describe('percentile', () => {
  it('is a sample, at least p of the samples are at or below it, and it grows with p', () => {
    fc.assert(
      fc.property(samples, fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = [...xs].sort((a, b) => a - b);
        const v = percentile(sorted, p);
        expect(sorted).toContain(v);
        expect(sorted.filter((x) => x <= v).length).toBeGreaterThanOrEqual(p * sorted.length);
        expect(percentile(sorted, Math.min(1, p + 0.1))).toBeGreaterThanOrEqual(v);
      }),
    );
  });

  it('takes the nearest rank', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 0.5)).toBe(50);
    expect(percentile(sorted, 0.99)).toBe(99);
    expect(percentile(sorted, 1)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('orders p50 ≤ p90 ≤ p99 ≤ max and counts every sample, in any input order', () => {
    fc.assert(
      fc.property(samples, (xs) => {
        const s = summarize(xs)!;
        expect(s.count).toBe(xs.length);
        expect(s.p50).toBeLessThanOrEqual(s.p90);
        expect(s.p90).toBeLessThanOrEqual(s.p99);
        expect(s.p99).toBeLessThanOrEqual(s.max);
        expect(summarize([...xs].reverse())).toEqual(s);
      }),
    );
  });

  it('is null for no samples', () => {
    expect(summarize([])).toBeNull();
  });

  it('summarises an example', () => {
    expect(summarize([3, 1, 2, 10])).toEqual({ count: 4, p50: 2, p90: 10, p99: 10, max: 10, mean: 4 });
  });
});

describe('ratio', () => {
  it('divides the baseline by ours, and is null without both', () => {
    expect(ratio(300, 3)).toBe(100);
    expect(ratio(1, 3)).toBe(0.3);
    expect(ratio(undefined, 3)).toBeNull();
    expect(ratio(3, 0)).toBeNull();
    expect(ratio(3, undefined)).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLatency } from './latency-option.ts';

describe('parseLatency', () => {
  it('reads none, a fixed latency and a range, named as the full report names its profiles', () => {
    expect(parseLatency('0')).toEqual({ name: '0 ms', ms: 0, jitterMs: 0 });
    expect(parseLatency('30')).toEqual({ name: '30 ms', ms: 30, jitterMs: 0 });
    expect(parseLatency('20-50')).toEqual({ name: '20–50 ms', ms: 20, jitterMs: 30 });
  });

  it('gives back the range it was given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const parsed = parseLatency(`${low}-${high}`);
        expect([parsed.ms, parsed.ms + parsed.jitterMs]).toEqual([low, high]);
      }),
    );
  });

  it('refuses what is not milliseconds, a range upside down, or past 10 s', () => {
    for (const bad of ['', 'fast', '-5', '50-20', '20-', '1.5', '10001', '0-20000', '20–50'])
      expect(() => parseLatency(bad), bad).toThrow(/--latency takes milliseconds/);
  });
});

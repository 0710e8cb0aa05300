import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../test-support/arbitraries.ts';
import { utcDay } from './utc-day.ts';

// Within the range a Date can name (±8.64e15 ms), from years before 1970 to after 9999.
const instant = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }),
);

describe('utcDay', () => {
  it('names the UTC day of each instant, whatever was asked before', () => {
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 30 }), (instants) => {
        for (const now of [...instants, ...instants])
          expect(utcDay(now)).toBe(new Date(now).toISOString().slice(0, 10));
      }),
      runs,
    );
  });

  it('turns at midnight UTC', () => {
    const midnight = Date.UTC(2026, 10, 30);
    expect([utcDay(midnight - 1), utcDay(midnight), utcDay(midnight - 1)]).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-11-29',
    ]);
  });
});

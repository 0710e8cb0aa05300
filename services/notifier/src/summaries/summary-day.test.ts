import { describe, expect, it } from 'vitest';
import { previousUtcDay, utcDayRange } from './summary-day.ts';

describe('summary days', () => {
  it('sums up the UTC day before the one the job was due in', () => {
    expect(previousUtcDay(new Date('2026-12-01T00:05:00Z'))).toBe('2026-11-30');
    expect(previousUtcDay(new Date('2026-03-01T23:59:59Z'))).toBe('2026-02-28');
  });
  it('covers exactly one day, half open', () => {
    expect(utcDayRange('2026-11-30')).toEqual({
      from: new Date('2026-11-30T00:00:00Z'),
      to: new Date('2026-12-01T00:00:00Z'),
    });
    expect(() => utcDayRange('yesterday')).toThrow(/not a day/);
  });
});

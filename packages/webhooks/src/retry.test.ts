import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.ts';
import { type RetrySchedule, retryDelayMs } from './retry-schedule.ts';

const schedule: RetrySchedule = {
  delaysMs: [5_000, 300_000, 1_800_000],
  jitter: 0.2,
  maxRetryAfterMs: 3_600_000,
};

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-30T00:00:00Z');
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('Mon, 30 Nov 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 29 Nov 2026 00:00:00 GMT', now)).toBe(0);
  });
  it('ignores what is absent or unreadable', () => {
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
  });
});

describe('retryDelayMs', () => {
  it('follows the schedule within its jitter, and stays on the last step after it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.999, noNaN: true }), (n, r) => {
        const base = schedule.delaysMs[Math.min(n, schedule.delaysMs.length) - 1]!;
        const delay = retryDelayMs(schedule, n, null, r);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.8));
        expect(delay).toBeLessThanOrEqual(Math.ceil(base * 1.2));
      }),
    );
  });

  it('never retries before the endpoint asked, up to the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (n, asked, r) => {
          const delay = retryDelayMs(schedule, n, asked, r);
          expect(delay).toBeGreaterThanOrEqual(Math.min(asked, schedule.maxRetryAfterMs));
        },
      ),
    );
    expect(retryDelayMs(schedule, 1, 60_000, 0.5)).toBe(60_000);
    expect(retryDelayMs(schedule, 1, 1_000, 0.5)).toBe(5_000);
  });
});

import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('RateLimiter', () => {
  it('refuses past the quota and reports the time to the window end', () => {
    const limiter = new RateLimiter({ quota: 10, windowMs: 1000 });
    expect(limiter.charge('u', 5, 10_100)).toBe(0);
    expect(limiter.charge('u', 5, 10_200)).toBe(0);
    expect(limiter.charge('u', 1, 10_300)).toBe(700);
    expect(limiter.charge('other', 5, 10_300)).toBe(0);
  });

  it('starts a fresh quota in the next fixed window', () => {
    const limiter = new RateLimiter({ quota: 3, windowMs: 1000 });
    expect(limiter.charge('u', 3, 5_999)).toBe(0);
    expect(limiter.charge('u', 3, 5_999)).toBe(1);
    expect(limiter.charge('u', 3, 6_000)).toBe(0);
  });
});

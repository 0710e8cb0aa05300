import { describe, expect, it } from 'vitest';
import { RateLimitTracker, requestWeight } from './rate-limit.ts';

describe('RateLimitTracker', () => {
  it('blocks every request until a 429 window resets', () => {
    const tracker = new RateLimitTracker();
    tracker.observe(429, { 'x-rate-limit-reset': '2000' }, 1000);
    expect(tracker.check('GET', '/v2/orders', 2999)).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1 });
    expect(tracker.check('GET', '/v2/orders', 3000)).toBeUndefined();
  });

  it('refuses a request heavier than the known remaining quota', () => {
    const tracker = new RateLimitTracker();
    tracker.observe(200, { 'x-rate-limit-remaining': '4', 'x-rate-limit-reset': '1000' }, 0);
    expect(tracker.check('GET', '/v2/settings', 10)).toBeUndefined();
    expect(tracker.check('POST', '/v2/orders', 10)?.kind).toBe('rate_limited');
    expect(tracker.state).toEqual({ remaining: 4, resetAt: 1000 });
  });

  it('weighs requests as Delta does', () => {
    expect(requestWeight('POST', '/v2/orders')).toBe(5);
    expect(requestWeight('GET', '/v2/orders')).toBe(3);
    expect(requestWeight('GET', '/v2/fills')).toBe(10);
    expect(requestWeight('GET', '/v2/settings')).toBe(1);
  });
});

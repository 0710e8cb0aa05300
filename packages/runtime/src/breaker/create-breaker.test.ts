import { describe, expect, it } from 'vitest';
import { createBreaker, isBreakerOpen } from './create-breaker.ts';

class Rejected extends Error {}
class Transport extends Error {}

describe('circuit breaker', () => {
  const options = {
    name: 'broker',
    countsAsFailure: (e: unknown) => e instanceof Transport,
    volumeThreshold: 3,
    errorThresholdPercentage: 50,
    resetTimeoutMs: 60_000,
  };

  it('does not open on business rejections', async () => {
    const breaker = createBreaker(async () => {
      throw new Rejected('insufficient margin');
    }, options);
    for (let i = 0; i < 10; i += 1) await expect(breaker.fire()).rejects.toBeInstanceOf(Rejected);
    expect(breaker.opened).toBe(false);
    breaker.shutdown();
  });

  it('opens on transport failures, then refuses without calling', async () => {
    let calls = 0;
    const breaker = createBreaker(async () => {
      calls += 1;
      throw new Transport('ECONNRESET');
    }, options);
    for (let i = 0; i < 3; i += 1) await expect(breaker.fire()).rejects.toBeInstanceOf(Transport);
    expect(breaker.opened).toBe(true);
    const before = calls;
    const refused = await breaker.fire().catch((e: unknown) => e);
    expect(isBreakerOpen(refused)).toBe(true);
    expect(calls).toBe(before);
    breaker.shutdown();
  });
});

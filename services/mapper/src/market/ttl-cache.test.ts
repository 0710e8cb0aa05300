import { describe, expect, it, vi } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('shares one load between readers until the time limit passes', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const cache = new TtlCache<number>(1_000);
      let loads = 0;
      const load = async () => ++loads;
      expect(await Promise.all([cache.get('a', load), cache.get('a', load)])).toEqual([1, 1]);
      vi.setSystemTime(999);
      expect(await cache.get('a', load)).toBe(1);
      vi.setSystemTime(1_000);
      expect(await cache.get('a', load)).toBe(2);
      cache.clear();
      expect(await cache.get('a', load)).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('forgets a failed load so the next reader tries again', async () => {
    const cache = new TtlCache<string>(60_000);
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });
});

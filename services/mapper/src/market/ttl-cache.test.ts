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

  it('peeks at what it would serve without loading: nothing absent, nothing past maxStaleMs', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const cache = new TtlCache<number>({ ttlMs: 1_000, maxStaleMs: 5_000 });
      expect(cache.peek('a')).toBeUndefined();
      await cache.get('a', async () => 7);
      expect(await cache.peek('a')).toBe(7);
      vi.setSystemTime(4_999);
      expect(await cache.peek('a')).toBe(7);
      vi.setSystemTime(5_000);
      expect(cache.peek('a')).toBeUndefined();
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

describe('TtlCache serving stale values while it reloads', () => {
  it('serves a stale value at once and reloads it once in the background, until maxStaleMs', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const cache = new TtlCache<number>({ ttlMs: 1_000, maxStaleMs: 5_000 });
      let loads = 0;
      let finish: (() => void) | undefined;
      const slowLoad = () =>
        new Promise<number>((resolve) => {
          const n = ++loads;
          finish = () => resolve(n);
        });
      const first = cache.get('a', slowLoad);
      finish?.();
      expect(await first).toBe(1);

      vi.setSystemTime(1_500);
      // Stale: answered with the old value without waiting, one reload for both readers.
      expect(await Promise.all([cache.get('a', slowLoad), cache.get('a', slowLoad)])).toEqual([1, 1]);
      expect(loads).toBe(2);
      finish?.();
      await vi.waitFor(async () => expect(await cache.get('a', slowLoad)).toBe(2));
      expect(loads).toBe(2);

      // Past maxStaleMs the reader waits for a fresh value.
      vi.setSystemTime(60_000);
      const waited = cache.get('a', slowLoad);
      expect(loads).toBe(3);
      finish?.();
      expect(await waited).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps the stale value when a background reload fails, and forgets nothing on clear() races', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const cache = new TtlCache<string>({ ttlMs: 100, maxStaleMs: 1_000 });
      expect(await cache.get('k', async () => 'v1')).toBe('v1');
      vi.setSystemTime(200);
      expect(await cache.get('k', () => Promise.reject(new Error('exchange down')))).toBe('v1');
      await Promise.resolve();
      expect(await cache.get('k', () => Promise.reject(new Error('still down')))).toBe('v1');
      cache.clear();
      expect(await cache.get('k', async () => 'v2')).toBe('v2');
    } finally {
      vi.useRealTimers();
    }
  });
});

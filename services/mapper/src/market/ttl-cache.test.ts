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

describe('TtlCache with its reloads scheduled elsewhere', () => {
  it('serves the stale value until the scheduled reload has run, and asks for one reload at a time', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const scheduled: (() => Promise<void>)[] = [];
      const cache = new TtlCache<number>({
        ttlMs: 1_000,
        maxStaleMs: 5_000,
        scheduleReload: (reload) => scheduled.push(reload),
      });
      let loads = 0;
      const load = async () => ++loads;
      expect(await cache.get('a', load)).toBe(1);
      vi.setSystemTime(1_500);
      // Stale: served as is; one reload is asked for, however many readers find it stale.
      expect(await cache.get('a', load)).toBe(1);
      expect(await cache.get('a', load)).toBe(1);
      expect(scheduled).toHaveLength(1);
      expect(loads).toBe(1);
      await scheduled.shift()!();
      expect(loads).toBe(2);
      expect(await cache.get('a', load)).toBe(2);
      // The next time limit asks again.
      vi.setSystemTime(3_000);
      expect(await cache.get('a', load)).toBe(2);
      expect(scheduled).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('loads nothing when the value was replaced before the scheduled reload ran', async () => {
    vi.useFakeTimers({ now: 0 });
    try {
      const scheduled: (() => Promise<void>)[] = [];
      const cache = new TtlCache<number>({
        ttlMs: 1_000,
        maxStaleMs: 2_000,
        scheduleReload: (reload) => scheduled.push(reload),
      });
      let loads = 0;
      const load = async () => ++loads;
      await cache.get('a', load);
      vi.setSystemTime(1_500);
      await cache.get('a', load);
      // Past maxStaleMs a reader loads for itself; the reload still waiting has nothing left to do.
      vi.setSystemTime(2_500);
      expect(await cache.get('a', load)).toBe(2);
      await scheduled.shift()!();
      expect(loads).toBe(2);
      expect(await cache.get('a', load)).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

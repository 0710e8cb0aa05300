import type { Redis } from '../redis/create-redis.ts';

/**
 * How long one mark keeps the copy path busy: the mapper marks each batch of a fan-out and the
 * executor each drain, so the mark lives as long as copies keep coming, and ends this long after
 * the last.
 */
export const COPY_PATH_BUSY_HOLD_MS = 300;

/**
 * Marks the copy path busy, without waiting on Redis (the mark is a hint for the services off the
 * path: a lost one only lets them run during a burst, so no copy waits for it) and at most three
 * times per hold, however many fills and drains call it.
 */
export function copyPathMarker(options: {
  redis: Redis;
  key: string;
  onError: (error: unknown) => void;
  now?: () => number;
}): () => void {
  const now = options.now ?? (() => performance.now());
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < COPY_PATH_BUSY_HOLD_MS / 3) return;
    last = at;
    options.redis.set(options.key, '1', 'PX', COPY_PATH_BUSY_HOLD_MS).catch(options.onError);
  };
}

export interface CopyPathGate {
  /**
   * Resolves once the copy path is quiet, or once this burst has held the caller up for `maxDeferMs`:
   * then it lets every call through until the path has been seen quiet, so work that keeps coming
   * is late by one deferral at most, never starved. Resolves with the milliseconds waited.
   */
  wait(): Promise<number>;
}

/**
 * Work off the copy path (audit appends, exit-sync's reconciles) waits while a burst of copies runs,
 * so the cores, PostgreSQL and Redis serve the copies first, and does it right after, in larger
 * batches. `maxDeferMs` 0 never waits. A Redis error lets the work through.
 */
export function createCopyPathGate(options: {
  redis: Redis;
  key: string;
  maxDeferMs: number;
  now?: () => number;
}): CopyPathGate {
  const now = options.now ?? (() => performance.now());
  // This burst has already held work up for maxDeferMs: let it through until the path is quiet.
  let capped = false;
  const busyForMs = async () => {
    try {
      return await options.redis.pttl(options.key);
    } catch {
      return -2;
    }
  };
  return {
    async wait() {
      if (options.maxDeferMs <= 0) return 0;
      const started = now();
      for (;;) {
        const busy = await busyForMs();
        const waited = now() - started;
        if (busy <= 0) {
          capped = false;
          return waited;
        }
        if (capped) return waited;
        const left = options.maxDeferMs - waited;
        if (left <= 0) {
          capped = true;
          return waited;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(busy, left)));
      }
    },
  };
}

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
   * then it lets every call through while the same burst lasts, so work that keeps coming is late by
   * one deferral at most, never starved. Resolves with the milliseconds waited.
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
  // A burst that has held work up for maxDeferMs lets it through while it lasts: until its mark, as
  // last seen, lapses. A call after that cannot tell the burst from a new one, so it is held again:
  // work that only comes with copies (a fill's audit events, a stale balance's reload) never sees the
  // path quiet, and a cap that waited for that would let it run beside every later copy.
  let cappedUntil = Number.NEGATIVE_INFINITY;
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
        const at = now();
        const waited = at - started;
        if (busy <= 0) {
          cappedUntil = Number.NEGATIVE_INFINITY;
          return waited;
        }
        // Seen alive before its last seen end: the same burst, which has had its deferral.
        if (at <= cappedUntil || options.maxDeferMs - waited <= 0) {
          cappedUntil = at + busy;
          return waited;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(busy, options.maxDeferMs - waited)));
      }
    },
  };
}

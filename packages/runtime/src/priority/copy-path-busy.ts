import { randomUUID } from 'node:crypto';
import type { Redis } from '../redis/create-redis.ts';

/**
 * How long one mark keeps the copy path busy: the mapper marks each batch of a fan-out and the
 * executor each drain, so the mark lives as long as copies keep coming, and ends this long after
 * the last.
 */
export const COPY_PATH_BUSY_HOLD_MS = 300;

const MARK_COMMAND = 'ctMarkCopyPath';
// A new burst takes the caller's id; a running one keeps its own and lives on.
const MARK_LUA = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0`;

type MarkCall = (key: string, burstId: string, holdMs: number) => Promise<unknown>;

/**
 * Marks the copy path busy, without waiting on Redis (the mark is a hint for the services off the
 * path: a lost one only lets them run during a burst, so no copy waits for it) and at most three
 * times per hold, however many fills and drains call it. The mark's value names its burst: set by
 * the mark that found the path quiet, kept by every mark while the burst lasts.
 */
export function copyPathMarker(options: {
  redis: Redis;
  key: string;
  onError: (error: unknown) => void;
  now?: () => number;
}): () => void {
  const now = options.now ?? (() => performance.now());
  options.redis.defineCommand(MARK_COMMAND, { numberOfKeys: 1, lua: MARK_LUA });
  const commands = options.redis as unknown as Record<string, MarkCall>;
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < COPY_PATH_BUSY_HOLD_MS / 3) return;
    last = at;
    commands[MARK_COMMAND]!(options.key, randomUUID(), COPY_PATH_BUSY_HOLD_MS).catch(options.onError);
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
  // The burst that has held work up for maxDeferMs: it lets work through while it lasts, however far
  // apart the calls come. Known by the mark's value, since work that only comes with copies (a fill's
  // audit events, a stale balance's reload) may never see the path quiet between two bursts.
  let cappedBurst: string | null = null;
  const read = async (): Promise<{ burst: string | null; busyMs: number }> => {
    try {
      const replies = await options.redis.pipeline().get(options.key).pttl(options.key).exec();
      const [[getError, burst], [ttlError, busyMs]] = replies as [
        [Error | null, string | null],
        [Error | null, number],
      ];
      if (getError !== null || ttlError !== null) return { burst: null, busyMs: -2 };
      return { burst, busyMs };
    } catch {
      return { burst: null, busyMs: -2 };
    }
  };
  return {
    async wait() {
      if (options.maxDeferMs <= 0) return 0;
      const started = now();
      for (;;) {
        const { burst, busyMs } = await read();
        const waited = now() - started;
        if (busyMs <= 0 || burst === null) {
          cappedBurst = null;
          return waited;
        }
        if (burst === cappedBurst) return waited;
        const left = options.maxDeferMs - waited;
        if (left <= 0) {
          cappedBurst = burst;
          return waited;
        }
        await new Promise((resolve) => setTimeout(resolve, Math.min(busyMs, left)));
      }
    },
  };
}

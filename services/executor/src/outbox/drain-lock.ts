import { randomBytes } from 'node:crypto';
import type { Logger, Redis } from '@copytrade/runtime';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';

/** One drainer per (follower, symbol): the lock is what keeps the outbox FIFO across replicas. */
export interface DrainLock {
  /** True once a renewal found the lock gone (expired or taken): stop before the next send. */
  readonly lost: boolean;
  release(): Promise<void>;
}

export interface DrainLockOptions {
  redis: Redis;
  scripts: ExecutorScripts;
  key: string;
  ttlMs: number;
  logger: Logger;
}

/** SET NX PX with a random token, renewed at a third of its TTL; null when another drainer holds it. */
export async function acquireDrainLock(options: DrainLockOptions): Promise<DrainLock | null> {
  const { redis, scripts, key, ttlMs, logger } = options;
  const token = randomBytes(16).toString('hex');
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK') return null;
  let lost = false;
  const timer = setInterval(
    () => {
      scripts.renewLock(key, token, ttlMs).then(
        (renewed) => {
          if (!renewed) lost = true;
        },
        (error: unknown) => logger.warn({ err: error, key }, 'drain lock renewal failed'),
      );
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    get lost() {
      return lost;
    },
    async release() {
      clearInterval(timer);
      await scripts.releaseLock(key, token);
    },
  };
}

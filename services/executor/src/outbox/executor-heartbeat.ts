import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger, Redis } from '@copytrade/runtime';

/**
 * This executor process's liveness: a key with a short TTL, renewed at a third of it. Drain locks name
 * the instance that holds them, so a drainer finding a lock whose holder's key is gone (the process was
 * killed) takes it over at once instead of waiting out the lock's TTL.
 */
export interface ExecutorHeartbeat {
  readonly instanceId: string;
  /** Stops renewing and deletes the key (a clean stop holds no lock by then). */
  stop(): Promise<void>;
}

export interface HeartbeatOptions {
  redis: Redis;
  aliveKey(instanceId: string): string;
  ttlMs: number;
  logger: Logger;
}

export async function startHeartbeat(options: HeartbeatOptions): Promise<ExecutorHeartbeat> {
  const { redis, ttlMs, logger } = options;
  // Unique per process: a restarted executor must not pass for the one that died.
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const key = options.aliveKey(instanceId);
  const beat = () => redis.set(key, String(Date.now()), 'PX', ttlMs);
  await beat();
  const timer = setInterval(
    () => {
      beat().catch((error: unknown) => logger.warn({ err: error, key }, 'executor heartbeat failed'));
    },
    Math.max(50, Math.floor(ttlMs / 3)),
  );
  timer.unref();
  return {
    instanceId,
    async stop() {
      clearInterval(timer);
      await redis.del(key);
    },
  };
}

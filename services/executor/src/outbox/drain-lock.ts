import { randomBytes } from 'node:crypto';
import type { Logger, Redis } from '@copytrade/runtime';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';
import { DrainBusy } from '../errors/drain-signals.ts';
import type { RedisKeys } from '@copytrade/contracts';

/** One drainer per (follower, symbol): the lock is what keeps the outbox FIFO across replicas. */
export interface DrainLock {
  /** True once a renewal found the lock gone (expired or taken): stop before the next send. */
  readonly lost: boolean;
  /** The lock's value: a script that releases it in the same step as other work needs it. */
  readonly token: string;
  release(): Promise<void>;
  /** A script released the lock already (with `token`): stop renewing, and `release` does nothing. */
  releasedWith(): void;
}

export interface DrainLockOptions {
  redis: Redis;
  scripts: ExecutorScripts;
  key: string;
  ttlMs: number;
  logger: Logger;
  /** This executor process: named in the lock, so that its locks are taken over once it is dead. */
  holder?: LockHolder | undefined;
}

/** Which executor instance drains, and where each instance's heartbeat key lives. */
export interface LockHolder {
  instanceId: string;
  aliveKey(instanceId: string): string;
}

// Separates the holder's instance id from the random part of a lock's value.
const SEPARATOR = '#';

/**
 * SET NX PX with a random token (prefixed by the holder's instance id), renewed at a third of its TTL;
 * a lock whose holder's heartbeat is gone is taken over. Null when a live drainer holds it.
 */
export async function acquireDrainLock(options: DrainLockOptions): Promise<DrainLock | null> {
  const { redis, key, ttlMs } = options;
  const token = lockToken(options.holder);
  if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) !== 'OK' && !(await takeOver(options, token)))
    return null;
  return heldLock(options, token);
}

// A lock value needs to be unique, not secret: a random part per process and a count within it
// (a fresh random value per drain cost a getrandom call each, a visible share of a burst's CPU).
const processPart = randomBytes(12).toString('hex');
let drains = 0;

/** A fresh lock value: the holder's instance id (when known), then a part no other lock value has. */
export function lockToken(holder: LockHolder | undefined): string {
  drains += 1;
  const unique = `${processPart}.${drains.toString(36)}`;
  return holder ? `${holder.instanceId}${SEPARATOR}${unique}` : unique;
}

/** A lock drain holds now under `token` (just set): renewed at a third of its TTL until released. */
export function heldLock(options: DrainLockOptions, token: string): DrainLock {
  const { scripts, key, ttlMs, logger } = options;
  let lost = false;
  let released = false;
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
    token,
    get lost() {
      return lost;
    },
    releasedWith() {
      released = true;
      clearInterval(timer);
    },
    async release() {
      clearInterval(timer);
      if (released) return;
      released = true;
      await scripts.releaseLock(key, token);
    },
  };
}

/** Takes the lock if it is free by now or its holder's executor is dead; false while a live one holds it. */
export async function takeOver(options: DrainLockOptions, token: string): Promise<boolean> {
  const { redis, scripts, key, ttlMs, holder, logger } = options;
  if (!holder) return false;
  const seen = await redis.get(key);
  if (seen === null) return (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
  const at = seen.lastIndexOf(SEPARATOR);
  // A value naming no instance (an older executor's) is left to expire.
  const owner = at > 0 ? seen.slice(0, at) : null;
  if (owner === null || owner === holder.instanceId) return false;
  if (!(await scripts.takeOverLock(key, holder.aliveKey(owner), seen, token, ttlMs))) return false;
  logger.warn({ key, deadExecutor: owner }, 'drain lock of a dead executor taken over');
  return true;
}

/** The drain lock of one follower's outbox for one symbol, or `DrainBusy` when another drainer holds it. */
export async function holdOutbox(
  deps: {
    redis: Redis;
    scripts: ExecutorScripts;
    keys: RedisKeys;
    lockTtlMs?: number;
    lockHolder?: LockHolder;
  },
  followerAccountId: string,
  symbol: string,
  logger: Logger,
): Promise<DrainLock> {
  const lock = await acquireDrainLock({
    redis: deps.redis,
    scripts: deps.scripts,
    key: deps.keys.drainLock(followerAccountId, symbol),
    ttlMs: deps.lockTtlMs ?? 10_000,
    logger,
    holder: deps.lockHolder,
  });
  if (!lock) throw new DrainBusy(`outbox ${followerAccountId}/${symbol} is being drained`);
  return lock;
}

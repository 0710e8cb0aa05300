import type { Logger } from '@copytrade/runtime';
import { KillSwitchHold, OutboxHeld, RateLimitHeld } from '../errors/drain-signals.ts';
import type { NextHead } from '../scripts/load-scripts.ts';
import type { DrainDeps } from '../handlers/drain-deps.ts';
import type { LegOutcome } from '../handlers/settle-leg.ts';
import { type DrainLock, type DrainLockOptions, heldLock, lockToken, takeOver } from './drain-lock.ts';

/** A drain under way: its lock, the head it starts with, and the outcome of each leg it settles. */
export interface StartedDrain {
  lock: DrainLock;
  next: NextHead;
  outcomes: Map<string, LegOutcome>;
}

/**
 * Starts draining one follower's outbox for one symbol in a single Redis step (`begin-drain-5.lua`):
 * the account's rate-limit hold, the drain lock, the head and the kill switch. 'empty' when the
 * outbox is empty; `coveredBy` (its token) while a drain of this process holds the lock, as it sends
 * what is there (`RunningDrains`); throws `RateLimitHeld`, `KillSwitchHold` or
 * `OutboxHeld` (another live drainer, exit-sync or a resting check holds the lock). A lock left by a dead
 * executor is taken over, then the head read (the rare path: two more steps). A started drain is
 * registered in `deps.runningDrains` until its lock is given up (`endDrain`).
 */
export async function startDrain(
  deps: DrainDeps,
  followerAccountId: string,
  symbol: string,
  logger: Logger,
): Promise<StartedDrain | 'empty' | { coveredBy: string }> {
  const { keys, scripts } = deps;
  const lockOptions: DrainLockOptions = {
    redis: deps.redis,
    scripts,
    key: keys.drainLock(followerAccountId, symbol),
    ttlMs: deps.lockTtlMs ?? 10_000,
    logger,
    holder: deps.lockHolder,
  };
  const token = lockToken(deps.lockHolder);
  const start = await scripts.beginDrain({
    rateLimitHold: keys.rateLimitedUntil(followerAccountId),
    lock: lockOptions.key,
    outbox: keys.orderOutbox(followerAccountId, symbol),
    killSwitch: keys.killSwitch(),
    resting: keys.restingOrders(followerAccountId, symbol),
    token,
    ttlMs: lockOptions.ttlMs,
    nowMs: Date.now(),
  });
  switch (start.state) {
    case 'held':
      throw new RateLimitHeld(start.untilMs);
    case 'empty':
      return 'empty';
    case 'killed':
      throw new KillSwitchHold('kill switch engaged');
    case 'ready': {
      const outcomes = new Map<string, LegOutcome>();
      deps.runningDrains.started(token, outcomes);
      return {
        lock: heldLock(lockOptions, token),
        next: { head: start.head, killed: false, restingCount: start.restingCount, released: false },
        outcomes,
      };
    }
    case 'busy': {
      if (deps.runningDrains.isRunning(start.holder)) return { coveredBy: start.holder };
      // The hold was read (not in force) in the same step that found the lock taken.
      if (!(await takeOver(lockOptions, token)))
        throw new OutboxHeld(`outbox ${followerAccountId}/${symbol} is being drained`);
      const outcomes = new Map<string, LegOutcome>();
      deps.runningDrains.started(token, outcomes);
      const lock = heldLock(lockOptions, token);
      try {
        return { lock, next: await peekNext(deps, followerAccountId, symbol, lock), outcomes };
      } catch (error) {
        await endDrain(deps, lock).catch(() => undefined);
        throw error;
      }
    }
  }
}

/** Gives up a started drain's lock (a no-op when its last step released it) and its registration. */
export async function endDrain(deps: DrainDeps, lock: DrainLock): Promise<void> {
  try {
    await lock.release();
  } finally {
    deps.runningDrains.ended(lock.token);
  }
}

/** The next head after a settle (sent right behind it: one round trip); an empty outbox releases the lock. */
export async function peekNext(
  deps: DrainDeps,
  followerAccountId: string,
  symbol: string,
  lock: DrainLock,
): Promise<NextHead> {
  const { keys } = deps;
  const next = await deps.scripts.peekHead({
    outbox: keys.orderOutbox(followerAccountId, symbol),
    killSwitch: keys.killSwitch(),
    resting: keys.restingOrders(followerAccountId, symbol),
    lock: keys.drainLock(followerAccountId, symbol),
    releaseToken: lock.token,
  });
  if (next.released) lock.releasedWith();
  return next;
}

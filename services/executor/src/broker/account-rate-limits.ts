import type { RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';

// The hold outlives its end a little, so that a reader a few ms late still finds it ended, not gone.
const GRACE_MS = 1_000;

/**
 * Delta limits each API key on its own: a 429 holds that follower's work until the window resets, in
 * Redis so that every replica sees it, and leaves every other follower alone.
 */
export interface AccountRateLimits {
  /** Epoch ms until which the account is held; null when it may send now. */
  heldUntil(accountId: string): Promise<number | null>;
  /** Holds the account until `untilMs` (or a later hold already set); returns the hold in force. */
  hold(accountId: string, untilMs: number): Promise<number>;
}

export function accountRateLimits(
  redis: Redis,
  scripts: ExecutorScripts,
  keys: RedisKeys,
  now: () => number = Date.now,
): AccountRateLimits {
  return {
    async heldUntil(accountId) {
      const value = await redis.get(keys.rateLimitedUntil(accountId));
      const until = value === null ? Number.NaN : Number(value);
      return Number.isFinite(until) && until > now() ? until : null;
    },
    hold(accountId, untilMs) {
      const ttlMs = Math.max(1, Math.ceil(untilMs - now())) + GRACE_MS;
      return scripts.holdRateLimit(keys.rateLimitedUntil(accountId), Math.ceil(untilMs), ttlMs);
    },
  };
}

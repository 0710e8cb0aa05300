import type { Redis } from '../redis/create-redis.ts';

/**
 * Polls one key's time to live every few milliseconds until stopped, and keeps the longest seen: for
 * marks that expire before a test could read them once.
 */
export function watchKey(redis: Redis, key: string, everyMs = 5) {
  let longestTtlMs = -2;
  let running = true;
  const polling = (async () => {
    while (running) {
      longestTtlMs = Math.max(longestTtlMs, await redis.pttl(key));
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    /** The longest time to live seen so far (-2: the key never existed while watched). */
    longestTtlMs: () => longestTtlMs,
    async stop() {
      running = false;
      await polling;
    },
  };
}

import { readFileSync } from 'node:fs';
import type { RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';

export interface RiskSnapshot {
  followerEquity: string;
  peakEquity: string;
  dayStartEquity: string;
}

export interface EquityBook {
  /** Records `equity` (raising the peak, opening the day) and returns the drawdown / daily-loss references. */
  snapshot(accountId: string, equity: string, now: number): Promise<RiskSnapshot>;
}

const COMMAND = 'ctRiskSnapshot';
// Two days: the key outlives its UTC day whatever the clock skew, then expires by itself.
const DAY_KEY_TTL_S = 2 * 86_400;

/** The UTC day of `now` as YYYY-MM-DD, the day part of the day-start key. */
export const utcDay = (now: number): string => new Date(now).toISOString().slice(0, 10);

export function createEquityBook(redis: Redis, keys: RedisKeys): EquityBook {
  redis.defineCommand(COMMAND, {
    numberOfKeys: 2,
    lua: readFileSync(new URL('../scripts/risk-snapshot-2.lua', import.meta.url), 'utf8'),
  });
  const commands = redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>;
  const call = commands[COMMAND]!.bind(redis);
  return {
    async snapshot(accountId, equity, now) {
      const [peak, dayStart] = (await call(
        keys.peakEquity(accountId),
        keys.dayStartEquity(accountId, utcDay(now)),
        equity,
        DAY_KEY_TTL_S,
      )) as [string, string];
      return { followerEquity: equity, peakEquity: peak, dayStartEquity: dayStart };
    },
  };
}

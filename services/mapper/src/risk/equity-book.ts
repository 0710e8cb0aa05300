import { readFileSync } from 'node:fs';
import type { RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import { type Settled, settlePipeline } from '../fan-out/batch-scope.ts';

export interface RiskSnapshot {
  followerEquity: string;
  peakEquity: string;
  dayStartEquity: string;
}

export interface EquityBook {
  /** Records `equity` (raising the peak, opening the day) and returns the drawdown / daily-loss references. */
  snapshot(accountId: string, equity: string, now: number): Promise<RiskSnapshot>;
  /** `snapshot` for many followers in one pipeline. */
  snapshotMany(
    requests: readonly { accountId: string; equity: string; now: number }[],
  ): Promise<Settled<RiskSnapshot>[]>;
}

type ScriptCalls = Record<string, (...args: (string | number)[]) => unknown>;

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
  const call = (redis as unknown as ScriptCalls)[COMMAND]!.bind(redis);
  const argsOf = (accountId: string, equity: string, now: number) => [
    keys.peakEquity(accountId),
    keys.dayStartEquity(accountId, utcDay(now)),
    equity,
    DAY_KEY_TTL_S,
  ];
  const toSnapshot = (equity: string, reply: unknown): RiskSnapshot => {
    const [peak, dayStart] = reply as [string, string];
    return { followerEquity: equity, peakEquity: peak, dayStartEquity: dayStart };
  };
  return {
    async snapshot(accountId, equity, now) {
      return toSnapshot(equity, await call(...argsOf(accountId, equity, now)));
    },
    async snapshotMany(requests) {
      const pipeline = redis.pipeline();
      for (const r of requests)
        (pipeline as unknown as ScriptCalls)[COMMAND]!(...argsOf(r.accountId, r.equity, r.now));
      const replies = settlePipeline(await pipeline.exec(), requests.length, (reply) => reply);
      return replies.map((r, i) =>
        r.ok ? { ok: true, value: toSnapshot(requests[i]!.equity, r.value) } : r,
      );
    },
  };
}

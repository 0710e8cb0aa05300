import { readFileSync } from 'node:fs';
import type { RedisKeys } from '@copytrade/contracts';
import { utcDay } from '@copytrade/copy-engine';
import type { Redis } from '@copytrade/runtime';
import type { Settled } from '../fan-out/batch-scope.ts';
import { batchedArgs, batchedLua, settleBatched } from '../scripts/batched-script.ts';

export interface RiskSnapshot {
  followerEquity: string;
  peakEquity: string;
  dayStartEquity: string;
}

export interface EquityBook {
  /** Records `equity` (raising the peak, opening the day) and returns the drawdown / daily-loss references. */
  snapshot(accountId: string, equity: string, now: number): Promise<RiskSnapshot>;
  /** `snapshot` for many followers in one script call. */
  snapshotMany(
    requests: readonly { accountId: string; equity: string; now: number }[],
  ): Promise<Settled<RiskSnapshot>[]>;
}

type ScriptCall = (...args: (string | number)[]) => Promise<unknown>;

const COMMAND = 'ctRiskSnapshots';
// Two days: the key outlives its UTC day whatever the clock skew, then expires by itself.
const DAY_KEY_TTL_S = 2 * 86_400;

/** `risk-snapshot-2.lua` once per follower of a batch, in one script call (`batchedLua`). */
export function createEquityBook(redis: Redis, keys: RedisKeys): EquityBook {
  redis.defineCommand(COMMAND, {
    lua: batchedLua(readFileSync(new URL('../scripts/risk-snapshot-2.lua', import.meta.url), 'utf8'), 2, 2),
  });
  const call = (redis as unknown as Record<string, ScriptCall>)[COMMAND]!.bind(redis);
  const callOf = (accountId: string, equity: string, now: number) => ({
    keys: [keys.peakEquity(accountId), keys.dayStartEquity(accountId, utcDay(now))],
    args: [equity, DAY_KEY_TTL_S],
  });
  const toSnapshot = (equity: string, reply: unknown): RiskSnapshot => {
    const [peak, dayStart] = reply as [string, string];
    return { followerEquity: equity, peakEquity: peak, dayStartEquity: dayStart };
  };
  const snapshotMany: EquityBook['snapshotMany'] = async (requests) => {
    const reply = await call(...batchedArgs(requests.map((r) => callOf(r.accountId, r.equity, r.now))));
    return settleBatched(reply, requests.length, (r) => r).map((r, i) =>
      r.ok ? { ok: true, value: toSnapshot(requests[i]!.equity, r.value) } : r,
    );
  };
  return {
    async snapshot(accountId, equity, now) {
      const [settled] = await snapshotMany([{ accountId, equity, now }]);
      if (!settled!.ok) throw settled!.error;
      return settled!.value;
    },
    snapshotMany,
  };
}

import { toDecimal } from '../decimal/decimal.ts';
import type { FollowSettings } from '../types/follow-settings.ts';
import type { Skip } from '../types/skip-reason.ts';
import { isFromEarlierDay } from './day-boundary.ts';

export interface EquitySnapshot {
  followerEquity: string;
  /** Highest equity seen (the drawdown reference). */
  peakEquity: string;
  /** Equity at the start of the trading day that `dayStartedAt` names. */
  dayStartEquity: string;
  /** ms since epoch; with `now`, a snapshot from an earlier day counts as no loss yet today. */
  dayStartedAt?: number;
  now?: number;
  /** Trading day offset from UTC, minutes. @defaultValue 0 */
  utcOffsetMinutes?: number;
}

/** Opening is blocked once the drawdown from peak reaches maxDrawdownPct. */
export function drawdownSkip(settings: FollowSettings, e: EquitySnapshot): Skip | undefined {
  if (settings.maxDrawdownPct === undefined) return undefined;
  const limit = toDecimal(settings.maxDrawdownPct, 'maxDrawdownPct');
  const peak = toDecimal(e.peakEquity, 'peakEquity');
  const equity = toDecimal(e.followerEquity, 'followerEquity');
  if (peak.lte(0)) return undefined; // no reference yet: the margin check still guards the order
  const drawdown = peak.minus(equity).div(peak).mul(100);
  if (drawdown.lt(limit)) return undefined;
  return {
    ok: false,
    reason: 'drawdown_limit',
    detail: `drawdown ${drawdown.toDecimalPlaces(2).toFixed()}% >= limit ${limit.toFixed()}%`,
  };
}

/** Opening is blocked once today's loss reaches dailyLossLimit. */
export function dailyLossSkip(settings: FollowSettings, e: EquitySnapshot): Skip | undefined {
  if (settings.dailyLossLimit === undefined) return undefined;
  const limit = toDecimal(settings.dailyLossLimit, 'dailyLossLimit');
  const equity = toDecimal(e.followerEquity, 'followerEquity');
  const start = toDecimal(e.dayStartEquity, 'dayStartEquity');
  if (e.dayStartedAt !== undefined && e.now !== undefined) {
    // Yesterday's snapshot: the day (and its loss budget) has rolled over.
    if (isFromEarlierDay(e.dayStartedAt, e.now, e.utcOffsetMinutes)) return undefined;
  }
  const loss = start.minus(equity);
  if (loss.lt(limit)) return undefined;
  return {
    ok: false,
    reason: 'daily_loss_limit',
    detail: `loss today ${loss.toFixed()} >= limit ${limit.toFixed()}`,
  };
}

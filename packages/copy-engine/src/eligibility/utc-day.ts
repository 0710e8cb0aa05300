import { tradingDayStart } from './day-boundary.ts';

const DAY_MS = 86_400_000;
// The last day named: a fan-out asks for the same one for every follower.
let last = { start: 0, end: 0, name: '' };

/** The UTC day of `nowMs` as YYYY-MM-DD (the day part of the day-start equity key). */
export function utcDay(nowMs: number): string {
  if (nowMs >= last.start && nowMs < last.end) return last.name;
  const start = tradingDayStart(nowMs);
  last = { start, end: start + DAY_MS, name: new Date(nowMs).toISOString().slice(0, 10) };
  return last.name;
}

const DAY_MS = 86_400_000;

/**
 * Start (ms since epoch) of the trading day that contains `nowMs`; days start at UTC midnight
 * shifted by `utcOffsetMinutes` (e.g. 330 for IST).
 */
export function tradingDayStart(nowMs: number, utcOffsetMinutes = 0): number {
  const offsetMs = utcOffsetMinutes * 60_000;
  return Math.floor((nowMs + offsetMs) / DAY_MS) * DAY_MS - offsetMs;
}

/** True when a snapshot taken at `snapshotMs` belongs to an earlier trading day than `nowMs`. */
export function isFromEarlierDay(snapshotMs: number, nowMs: number, utcOffsetMinutes = 0): boolean {
  return snapshotMs < tradingDayStart(nowMs, utcOffsetMinutes);
}

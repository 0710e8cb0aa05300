/**
 * A `Retry-After` header in milliseconds from `now`: delta-seconds or an HTTP date. Null when absent
 * or unreadable; never negative.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  if (header === null || header === undefined) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1_000;
  // An HTTP date names its day and month; anything else (Date.parse reads '-5' as a year) is unreadable.
  if (!/^[A-Za-z]{3}, /.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

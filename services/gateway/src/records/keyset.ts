import type { api } from '@copytrade/contracts';

// Keyset pagination, newest first: a page is the rows strictly older than the cursor's key, so a
// row written meanwhile neither repeats nor shifts a later page.

/** Rows ordered by (createdAt desc, id desc) that come after `key`. */
export function afterTimeId(key: api.TimeIdKey | undefined) {
  if (key === undefined) return {};
  return { OR: [{ createdAt: { lt: key.at } }, { createdAt: key.at, id: { lt: key.id } }] };
}

export const byTimeId = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];

/** A `from` (inclusive) .. `to` (exclusive) filter, or nothing. */
export function timeRange(from: Date | undefined, to: Date | undefined) {
  if (from === undefined && to === undefined) return undefined;
  return { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) };
}

/** Given up to `limit + 1` rows, the page and the cursor of the next one (null at the end). */
export function pageOf<Row>(
  rows: Row[],
  limit: number,
  cursorOf: (last: Row) => string,
): { rows: Row[]; nextCursor: string | null } {
  if (rows.length <= limit) return { rows, nextCursor: null };
  const page = rows.slice(0, limit);
  return { rows: page, nextCursor: cursorOf(page[page.length - 1] as Row) };
}

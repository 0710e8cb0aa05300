import type { Fill } from '../schemas/fill.ts';
import type { QueryValue } from './query-string.ts';

export interface FillsQuery {
  /** Delta's pagination cursor from a previous page. */
  after?: string | undefined;
  /** Microseconds since the epoch. */
  startTime?: number | undefined;
  endTime?: number | undefined;
  productIds?: readonly number[] | undefined;
  pageSize?: number | undefined;
}

export interface FillsPage {
  fills: Fill[];
  /** Cursor for the next page; undefined when there is none. */
  after: string | undefined;
}

export function fillsQuery(query: FillsQuery): Record<string, QueryValue> {
  return {
    product_ids: query.productIds,
    start_time: query.startTime,
    end_time: query.endTime,
    page_size: query.pageSize,
    after: query.after,
  };
}

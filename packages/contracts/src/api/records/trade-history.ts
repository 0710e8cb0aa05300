import { z } from 'zod';
import { decimalString, side, symbol, uuid } from '../../primitives.ts';
import { nextCursor, pageLimit, queryTime, timeIdCursor } from './pagination.ts';

/** An order placed for a follower, as the exchange reported it (trade_history). */
export const tradeHistoryEntry = z
  .object({
    id: uuid,
    userId: uuid,
    accountId: uuid,
    symbol: z.string(),
    side,
    size: z.number().int(),
    price: decimalString.nullable(),
    orderType: z.string(),
    state: z.string(),
    avgFillPrice: decimalString.nullable(),
    orderId: z.string().nullable(),
    clientOrderId: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'TradeHistoryEntry' });
export type TradeHistoryEntry = z.infer<typeof tradeHistoryEntry>;

export const tradeHistoryQuery = z.strictObject({
  accountId: uuid.optional(),
  symbol: symbol.optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  limit: pageLimit,
  cursor: timeIdCursor.optional(),
});
export type TradeHistoryQuery = z.infer<typeof tradeHistoryQuery>;
export const tradeHistoryPage = z.object({ trades: z.array(tradeHistoryEntry), nextCursor });

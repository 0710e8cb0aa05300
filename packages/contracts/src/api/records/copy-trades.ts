import { z } from 'zod';
import { decimalString, side, symbol, uuid } from '../../primitives.ts';
import { auditEntry } from './audit-log.ts';
import { nextCursor, pageLimit, queryTime, recordStatus, timeIdCursor } from './pagination.ts';

/** One copy of a master trade to one follower (copy_trades). */
export const copyTrade = z
  .object({
    id: uuid,
    masterTradeId: z.string(),
    correlationId: z.string(),
    masterAccountId: uuid,
    followerAccountId: uuid,
    clientOrderId: z.string(),
    originalSymbol: z.string(),
    originalSide: side,
    originalSize: z.number().int(),
    originalPrice: decimalString,
    copiedSide: side,
    copiedSize: z.number().int(),
    copiedPrice: decimalString.nullable(),
    action: z.string(),
    status: z.string(),
    latencyMs: z.number().int().nullable(),
    entryTime: z.iso.datetime().nullable(),
    exitTime: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'CopyTrade' });
export type CopyTrade = z.infer<typeof copyTrade>;

export const copyTradeListQuery = z.strictObject({
  masterAccountId: uuid.optional(),
  followerAccountId: uuid.optional(),
  symbol: symbol.optional(),
  status: recordStatus.optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  limit: pageLimit,
  cursor: timeIdCursor.optional(),
});
export type CopyTradeListQuery = z.infer<typeof copyTradeListQuery>;

export const copyTradeParams = z.object({ id: uuid });
export const copyTradeList = z.object({ copyTrades: z.array(copyTrade), nextCursor });
export const copyTradeAudit = z.object({
  copyTradeId: uuid,
  correlationId: z.string(),
  entries: z.array(auditEntry),
});

import { z } from 'zod';
import { decimalString, symbol, uuid } from '../../primitives.ts';
import { nextCursor, pageLimit, recordStatus, timeIdCursor } from './pagination.ts';

/** Whether a follower's position is in step with its target, per follow and symbol (exit-sync). */
export const positionSync = z
  .object({
    id: uuid,
    followId: uuid,
    masterAccountId: uuid,
    followerAccountId: uuid,
    symbol: z.string(),
    state: z.string().describe('in_sync, drifting, repairing, failed or frozen'),
    target: z.number().int(),
    totalTarget: z.number().int(),
    actual: z.number().int(),
    drift: z.number().int(),
    repairs: z.number().int(),
    errorMessage: z.string().nullable(),
    entryPrice: decimalString
      .nullable()
      .describe("the follower's whole position on the symbol, as the exchange reported it"),
    realizedPnl: decimalString.nullable(),
    unrealizedPnl: decimalString.nullable(),
    lastVerified: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PositionSyncStatus' });
export type PositionSync = z.infer<typeof positionSync>;

export const syncStatusQuery = z.strictObject({
  followerAccountId: uuid.optional(),
  masterAccountId: uuid.optional(),
  symbol: symbol.optional(),
  state: recordStatus.optional(),
  limit: pageLimit,
  cursor: timeIdCursor.optional(),
});
export type SyncStatusQuery = z.infer<typeof syncStatusQuery>;
export const syncStatusPage = z.object({ syncStatus: z.array(positionSync), nextCursor });

/** Whether one follower order is in step with the master trade it copies (trade_sync_status). */
export const tradeSync = z
  .object({
    id: uuid,
    masterAccountId: uuid,
    followerAccountId: uuid,
    masterTradeId: z.string(),
    followerTradeId: z.string().nullable(),
    clientOrderId: z.string(),
    syncStatus: z.string(),
    lastVerified: z.iso.datetime().nullable(),
    errorMessage: z.string().nullable(),
    retryCount: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'TradeSyncStatus' });
export type TradeSync = z.infer<typeof tradeSync>;

export const tradeSyncQuery = z.strictObject({
  followerAccountId: uuid.optional(),
  masterAccountId: uuid.optional(),
  syncStatus: recordStatus.optional(),
  limit: pageLimit,
  cursor: timeIdCursor.optional(),
});
export type TradeSyncQuery = z.infer<typeof tradeSyncQuery>;
export const tradeSyncPage = z.object({ tradeSyncStatus: z.array(tradeSync), nextCursor });

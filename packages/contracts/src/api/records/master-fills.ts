import { z } from 'zod';
import { decimalString, side, symbol, uuid } from '../../primitives.ts';
import { copyTrade } from './copy-trades.ts';
import { bigintId, nextCursor, pageLimit, queryTime, seqCursor } from './pagination.ts';

/** A master's fill as recorded by the listener; `correlationId` ties it to its copies and audit trail. */
export const masterFill = z
  .object({
    id: bigintId,
    masterAccountId: uuid,
    correlationId: z.string(),
    fillId: z.string(),
    productId: z.number().int(),
    symbol: z.string(),
    side,
    size: z.number().int(),
    price: decimalString,
    positionAfter: z.number().int(),
    sequence: z.string().describe('the exchange sequence number, as text (a bigint)'),
    fillType: z.string(),
    orderId: z.string().nullable(),
    source: z.string(),
    occurredAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'MasterFill' });
export type MasterFill = z.infer<typeof masterFill>;

export const masterFillListQuery = z.strictObject({
  masterAccountId: uuid.optional(),
  symbol: symbol.optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  limit: pageLimit,
  cursor: seqCursor.optional(),
});
export type MasterFillListQuery = z.infer<typeof masterFillListQuery>;

export const masterFillParams = z.object({ id: bigintId });
export const masterFillList = z.object({ masterFills: z.array(masterFill), nextCursor });
export const masterFillDetail = masterFill
  .extend({ copies: z.array(copyTrade) })
  .meta({ id: 'MasterFillWithCopies' });

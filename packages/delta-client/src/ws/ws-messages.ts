import { z } from 'zod';
import { contractsSchema, decimalSchema, idSchema, microsSchema, sideSchema } from '../schemas/common.ts';
import { orderFields, toOrder } from '../schemas/order.ts';
import { positionFields, toPosition } from '../schemas/position.ts';

/** `v2/user_trades`: Delta's fastest fill feed, with abbreviated field names. */
export const userTradeSchema = z
  .object({
    sy: z.string(),
    f: idSchema,
    R: z.string().nullish(),
    u: idSchema.nullish(),
    o: idSchema,
    S: sideSchema,
    s: contractsSchema,
    p: decimalSchema,
    po: contractsSchema,
    r: z.string().nullish(),
    c: z.string().nullish(),
    t: microsSchema,
    se: z.number().int().nonnegative(),
  })
  .transform((m) => ({
    symbol: m.sy,
    fillId: m.f,
    fillType: m.R ?? 'normal',
    userId: m.u ?? undefined,
    orderId: m.o,
    side: m.S,
    size: m.s,
    price: m.p,
    /** The account's position in this symbol after the fill (signed contracts). */
    positionAfter: m.po,
    role: m.r ?? undefined,
    clientOrderId: m.c ?? undefined,
    timestamp: m.t,
    /** Grows by one per symbol; a gap means a lost message, a restart at 1 an exchange restart. */
    sequence: m.se,
  }));
export type UserTrade = z.output<typeof userTradeSchema>;

const actionSchema = z.string().default('update');

export const orderEventSchema = z
  .object({ ...orderFields, action: actionSchema })
  .transform((m) => ({ action: m.action, ...toOrder(m) }));
export type OrderEvent = z.output<typeof orderEventSchema>;

export const positionEventSchema = z
  .object({ ...positionFields, symbol: z.string().nullish(), action: actionSchema })
  .transform((m) => {
    const position = toPosition(m);
    return { action: m.action, ...position, productSymbol: position.productSymbol ?? m.symbol ?? undefined };
  });
export type PositionEvent = z.output<typeof positionEventSchema>;

/** Snapshots arrive as `{type, action: 'snapshot', result: [...]}`. */
export const snapshotSchema = z.object({ action: z.literal('snapshot'), result: z.array(z.unknown()) });

export const markPriceSchema = z
  .object({
    symbol: z.string(),
    price: decimalSchema.optional(),
    mark_price: decimalSchema.optional(),
    timestamp: microsSchema.nullish(),
  })
  .refine((m) => m.price !== undefined || m.mark_price !== undefined, { message: 'price is required' })
  .transform((m) => ({
    // Delta names mark-price streams `MARK:<symbol>`; callers use the product symbol.
    symbol: m.symbol.replace(/^MARK:/, ''),
    price: m.price ?? m.mark_price ?? '',
    timestamp: m.timestamp ?? undefined,
  }));
export type MarkPrice = z.output<typeof markPriceSchema>;

/**
 * `margins`: one asset of the account's wallet, whole, after any change to its balance or margins
 * (Delta sends no snapshot on subscribe: the current wallet is a REST read).
 */
export const walletUpdateSchema = z
  .object({
    asset_symbol: z.string().min(1),
    balance: decimalSchema,
    available_balance: decimalSchema,
    blocked_margin: decimalSchema.nullish(),
    timestamp: microsSchema.nullish(),
  })
  .transform((m) => ({
    assetSymbol: m.asset_symbol,
    balance: m.balance,
    availableBalance: m.available_balance,
    blockedMargin: m.blocked_margin ?? undefined,
    timestamp: m.timestamp ?? undefined,
  }));
export type WalletUpdate = z.output<typeof walletUpdateSchema>;

export const keyAuthSchema = z.object({
  success: z.boolean().nullish(),
  status_code: z.number().int().nullish(),
  status: z.string().nullish(),
});

/** The answer to a subscribe; refused channels carry an `error`. */
export const subscriptionsSchema = z.object({
  channels: z.array(z.looseObject({ name: z.string().optional(), error: z.string().optional() })).default([]),
});

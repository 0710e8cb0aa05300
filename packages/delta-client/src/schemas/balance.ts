import { z } from 'zod';
import { decimalSchema } from './common.ts';

export const balanceSchema = z
  .object({
    asset_symbol: z.string(),
    asset_id: z.number().int().nullish(),
    balance: decimalSchema,
    available_balance: decimalSchema,
    blocked_margin: decimalSchema.nullish(),
    position_margin: decimalSchema.nullish(),
    order_margin: decimalSchema.nullish(),
  })
  .transform((b) => ({
    assetSymbol: b.asset_symbol,
    assetId: b.asset_id ?? undefined,
    balance: b.balance,
    availableBalance: b.available_balance,
    blockedMargin: b.blocked_margin ?? undefined,
    positionMargin: b.position_margin ?? undefined,
    orderMargin: b.order_margin ?? undefined,
  }));

export type Balance = z.output<typeof balanceSchema>;

import { z } from 'zod';
import { contractsSchema, decimalSchema } from './common.ts';

export const positionFields = {
  size: contractsSchema,
  entry_price: decimalSchema.nullish(),
  margin: decimalSchema.nullish(),
  liquidation_price: decimalSchema.nullish(),
  realized_pnl: decimalSchema.nullish(),
  /** Marked at the mark price; Delta's documented position fields leave it out, the margined list carries it. */
  unrealized_pnl: decimalSchema.nullish(),
  product_id: z.number().int().nullish(),
  product_symbol: z.string().nullish(),
};

type PositionWire = z.output<z.ZodObject<typeof positionFields>>;

export function toPosition(p: PositionWire) {
  return {
    productId: p.product_id ?? undefined,
    productSymbol: p.product_symbol ?? undefined,
    size: p.size,
    entryPrice: p.entry_price ?? undefined,
    margin: p.margin ?? undefined,
    liquidationPrice: p.liquidation_price ?? undefined,
    realizedPnl: p.realized_pnl ?? undefined,
    unrealizedPnl: p.unrealized_pnl ?? undefined,
  };
}

export const positionSchema = z.object(positionFields).transform(toPosition);

export type Position = z.output<typeof positionSchema>;

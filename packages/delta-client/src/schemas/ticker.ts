import { z } from 'zod';
import { decimalSchema, microsSchema } from './common.ts';

export const tickerSchema = z
  .object({
    symbol: z.string(),
    product_id: z.number().int().nullish(),
    mark_price: decimalSchema.nullish(),
    spot_price: decimalSchema.nullish(),
    close: decimalSchema.nullish(),
    quotes: z
      .object({
        best_bid: decimalSchema.nullish(),
        best_ask: decimalSchema.nullish(),
      })
      .nullish(),
    timestamp: microsSchema.nullish(),
  })
  .transform((t) => ({
    symbol: t.symbol,
    productId: t.product_id ?? undefined,
    markPrice: t.mark_price ?? undefined,
    spotPrice: t.spot_price ?? undefined,
    lastPrice: t.close ?? undefined,
    bestBid: t.quotes?.best_bid ?? undefined,
    bestAsk: t.quotes?.best_ask ?? undefined,
    timestamp: t.timestamp ?? undefined,
  }));

export type Ticker = z.output<typeof tickerSchema>;

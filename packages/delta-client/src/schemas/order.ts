import { z } from 'zod';
import { contractsSchema, decimalSchema, idSchema, microsSchema, sideSchema } from './common.ts';

export const orderTypeSchema = z.enum(['limit_order', 'market_order']);
export type OrderType = z.infer<typeof orderTypeSchema>;
export const timeInForceSchema = z.enum(['gtc', 'ioc']);
export type TimeInForce = z.infer<typeof timeInForceSchema>;

export const orderFields = {
  id: idSchema,
  user_id: idSchema.nullish(),
  size: contractsSchema,
  unfilled_size: contractsSchema,
  side: sideSchema,
  order_type: z.string(),
  limit_price: decimalSchema.nullish(),
  reduce_only: z.boolean().nullish(),
  client_order_id: z.string().nullish(),
  state: z.string(),
  created_at: microsSchema.nullish(),
  product_id: z.number().int(),
  product_symbol: z.string().nullish(),
  paid_commission: decimalSchema.nullish(),
  commission: decimalSchema.nullish(),
  average_fill_price: decimalSchema.nullish(),
};

type OrderWire = z.output<z.ZodObject<typeof orderFields>>;

export function toOrder(o: OrderWire) {
  return {
    id: o.id,
    userId: o.user_id ?? undefined,
    size: o.size,
    unfilledSize: o.unfilled_size,
    side: o.side,
    orderType: o.order_type,
    limitPrice: o.limit_price ?? undefined,
    reduceOnly: o.reduce_only ?? false,
    clientOrderId: o.client_order_id ?? undefined,
    state: o.state,
    createdAt: o.created_at ?? undefined,
    productId: o.product_id,
    productSymbol: o.product_symbol ?? undefined,
    paidCommission: o.paid_commission ?? undefined,
    commission: o.commission ?? undefined,
    averageFillPrice: o.average_fill_price ?? undefined,
  };
}

export const orderSchema = z.object(orderFields).transform(toOrder);

export type Order = z.output<typeof orderSchema>;

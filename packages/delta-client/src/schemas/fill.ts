import { z } from 'zod';
import { contractsSchema, decimalSchema, idSchema, microsSchema, sideSchema } from './common.ts';

export const fillSchema = z
  .object({
    id: idSchema,
    size: contractsSchema,
    side: sideSchema,
    price: decimalSchema,
    role: z.string().nullish(),
    commission: decimalSchema.nullish(),
    created_at: microsSchema,
    product_id: z.number().int(),
    product_symbol: z.string().nullish(),
    order_id: idSchema.nullish(),
    client_order_id: z.string().nullish(),
    fill_type: z.string().nullish(),
    meta_data: z.record(z.string(), z.unknown()).nullish(),
  })
  .transform((f) => ({
    id: f.id,
    size: f.size,
    side: f.side,
    price: f.price,
    role: f.role ?? undefined,
    commission: f.commission ?? undefined,
    createdAt: f.created_at,
    productId: f.product_id,
    productSymbol: f.product_symbol ?? undefined,
    orderId: f.order_id ?? undefined,
    clientOrderId: f.client_order_id ?? undefined,
    fillType: f.fill_type ?? 'normal',
    metaData: f.meta_data ?? undefined,
  }));

export type Fill = z.output<typeof fillSchema>;

import { z } from 'zod';

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

/** Contracts: a positive integer, also accepted as an integer string (public clients send "1"). */
export const sizeSchema = z.union([
  z.number().int().positive(),
  z
    .string()
    .regex(/^\d+$/, 'size must be an integer')
    .transform(Number)
    .refine((n) => n > 0, 'size must be positive'),
]);

export const priceSchema = z
  .union([z.string(), z.number()])
  .transform(String)
  .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) > 0, 'must be a positive decimal');

const idSchema = z.union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)]);

export const productRefSchema = {
  product_id: idSchema.optional(),
  product_symbol: z.string().min(1).optional(),
};

export const orderFieldsSchema = z.object({
  size: sizeSchema,
  side: z.enum(['buy', 'sell']),
  order_type: z.enum(['limit_order', 'market_order']).default('limit_order'),
  limit_price: priceSchema.nullish(),
  time_in_force: z.enum(['gtc', 'ioc']).default('gtc'),
  post_only: flag.default(false),
  reduce_only: flag.default(false),
  client_order_id: z.string().min(1).max(32, 'client_order_id must be at most 32 characters').nullish(),
});

export const placeOrderSchema = orderFieldsSchema.extend(productRefSchema);

export const editOrderSchema = z.object({
  id: idSchema.optional(),
  client_order_id: z.string().min(1).max(32).optional(),
  ...productRefSchema,
  size: sizeSchema.optional(),
  limit_price: priceSchema.optional(),
});

export const cancelOrderSchema = z.object({
  id: idSchema.optional(),
  client_order_id: z.string().min(1).max(32).optional(),
  ...productRefSchema,
});

export const cancelAllSchema = z.object({ ...productRefSchema }).nullish();

export const batchCreateSchema = z.object({
  ...productRefSchema,
  orders: z.array(orderFieldsSchema).min(1).max(50),
});

export const batchEditSchema = z.object({
  ...productRefSchema,
  orders: z
    .array(z.object({ id: idSchema, size: sizeSchema.optional(), limit_price: priceSchema.optional() }))
    .min(1)
    .max(50),
});

export const batchCancelSchema = z.object({
  ...productRefSchema,
  orders: z
    .array(z.object({ id: idSchema.optional(), client_order_id: z.string().min(1).max(32).optional() }))
    .min(1)
    .max(50),
});

import { z } from 'zod';
import { DeltaError } from '../errors/delta-error.ts';
import { decimalSchema, sideSchema } from '../schemas/common.ts';
import { orderTypeSchema, timeInForceSchema } from '../schemas/order.ts';

const productRef = z.union([
  z.object({ productId: z.number().int().positive(), productSymbol: z.undefined().optional() }),
  z.object({ productSymbol: z.string().min(1), productId: z.undefined().optional() }),
]);

/** Delta allows at most 32 characters in a client order id. */
export const clientOrderIdSchema = z.string().min(1).max(32);

export const placeOrderInputSchema = z
  .object({
    size: z.number().int().positive(),
    side: sideSchema,
    orderType: orderTypeSchema,
    limitPrice: decimalSchema.optional(),
    timeInForce: timeInForceSchema.optional(),
    postOnly: z.boolean().optional(),
    reduceOnly: z.boolean().optional(),
    clientOrderId: clientOrderIdSchema.optional(),
  })
  .and(productRef)
  .refine((o) => o.orderType !== 'limit_order' || o.limitPrice !== undefined, {
    message: 'limitPrice is required for a limit order',
  });

export type PlaceOrderInput = z.input<typeof placeOrderInputSchema>;

export const cancelOrderInputSchema = z.union([
  z.object({
    id: z.string().min(1),
    productId: z.number().int().positive(),
    clientOrderId: z.undefined().optional(),
  }),
  z.object({
    clientOrderId: clientOrderIdSchema,
    productId: z.number().int().positive(),
    id: z.undefined().optional(),
  }),
]);

export type CancelOrderInput = z.input<typeof cancelOrderInputSchema>;

/** Checks caller input before anything is sent; a bad input is a permanent `rejected`. */
export function validateInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  method: string,
  path: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DeltaError({
    kind: 'rejected',
    code: 'invalid_request',
    method,
    path,
    message: `Invalid ${method} ${path} input: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
  });
}

/** Delta order ids are integers on the wire; we keep them as strings. */
export function wireId(id: string): string | number {
  return /^\d+$/.test(id) && Number.isSafeInteger(Number(id)) ? Number(id) : id;
}

export function placeOrderBody(input: z.output<typeof placeOrderInputSchema>): Record<string, unknown> {
  return {
    ...(input.productId !== undefined
      ? { product_id: input.productId }
      : { product_symbol: input.productSymbol }),
    size: input.size,
    side: input.side,
    order_type: input.orderType,
    ...(input.limitPrice !== undefined && { limit_price: input.limitPrice }),
    ...(input.timeInForce !== undefined && { time_in_force: input.timeInForce }),
    ...(input.postOnly !== undefined && { post_only: input.postOnly }),
    ...(input.reduceOnly !== undefined && { reduce_only: input.reduceOnly }),
    ...(input.clientOrderId !== undefined && { client_order_id: input.clientOrderId }),
  };
}

export function cancelOrderBody(input: z.output<typeof cancelOrderInputSchema>): Record<string, unknown> {
  return input.id !== undefined
    ? { id: wireId(input.id), product_id: input.productId }
    : { client_order_id: input.clientOrderId, product_id: input.productId };
}

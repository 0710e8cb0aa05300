import { Decimal } from 'decimal.js';
import type { z } from 'zod';
import { badSchema } from '../../engine/errors.ts';
import type { PlaceOrderInput } from '../../engine/orders.ts';
import type { SimState } from '../../engine/state.ts';
import type { Product } from '../../engine/types.ts';
import type { orderFieldsSchema } from './order-schemas.ts';

/** Exactly one of product_id / product_symbol names the product (optional where `required` is false). */
export function resolveProduct(
  state: SimState,
  ref: { product_id?: number | undefined; product_symbol?: string | undefined },
  required = true,
): Product | null {
  const hasId = ref.product_id !== undefined;
  const hasSymbol = ref.product_symbol !== undefined;
  if (hasId && hasSymbol) throw badSchema('send exactly one of product_id and product_symbol', 'product_id');
  if (hasId) return state.productById(ref.product_id!);
  if (hasSymbol) return state.productBySymbol(ref.product_symbol!);
  if (required) throw badSchema('product_id or product_symbol is required', 'product_id');
  return null;
}

export function toPlaceInput(product: Product, body: z.output<typeof orderFieldsSchema>): PlaceOrderInput {
  const market = body.order_type === 'market_order';
  if (!market && !body.limit_price)
    throw badSchema('limit_price is required for limit orders', 'limit_price');
  return {
    product,
    side: body.side,
    orderType: body.order_type,
    size: body.size,
    limitPrice: market || !body.limit_price ? null : new Decimal(body.limit_price),
    // Market orders never rest: Delta reports them as IOC.
    timeInForce: market ? 'ioc' : body.time_in_force,
    postOnly: market ? false : body.post_only,
    reduceOnly: body.reduce_only,
    clientOrderId: body.client_order_id ?? null,
  };
}

import type { z } from 'zod';
import { placeOrderSchema } from './order-schemas.ts';
import { parseWith } from './parse.ts';

export type PlaceOrderBody = z.output<typeof placeOrderSchema>;

/** priceSchema's test for a string limit price. */
const PRICE = /^\d+(\.\d+)?$/;

const positiveSafeInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
const optionalFlag = (v: unknown): v is boolean | undefined => v === undefined || typeof v === 'boolean';

/**
 * The body as `placeOrderSchema` would give it, for the plain shape clients send (numbers, booleans,
 * decimal strings); undefined for anything else, which zod then parses (and words the refusal).
 * Every value accepted here is one zod accepts, with the same output.
 */
function plainPlaceOrder(input: unknown): PlaceOrderBody | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return undefined;
  const body = input as Record<string, unknown>;
  const { size, side, order_type, limit_price, time_in_force, post_only, reduce_only } = body;
  const { client_order_id, product_id, product_symbol } = body;
  if (!positiveSafeInt(size)) return undefined;
  if (side !== 'buy' && side !== 'sell') return undefined;
  if (order_type !== undefined && order_type !== 'limit_order' && order_type !== 'market_order')
    return undefined;
  if (limit_price !== undefined && limit_price !== null) {
    if (typeof limit_price !== 'string' || !PRICE.test(limit_price) || !(Number(limit_price) > 0))
      return undefined;
  }
  if (time_in_force !== undefined && time_in_force !== 'gtc' && time_in_force !== 'ioc') return undefined;
  if (!optionalFlag(post_only) || !optionalFlag(reduce_only)) return undefined;
  if (client_order_id !== undefined && client_order_id !== null) {
    if (typeof client_order_id !== 'string' || client_order_id.length < 1 || client_order_id.length > 32)
      return undefined;
  }
  if (product_id !== undefined && !positiveSafeInt(product_id)) return undefined;
  if (product_symbol !== undefined && (typeof product_symbol !== 'string' || product_symbol.length < 1))
    return undefined;
  // Keys in the schema's order, absent ones left out, defaults filled in: as zod builds it.
  const out: PlaceOrderBody =
    limit_price === undefined
      ? {
          size,
          side,
          order_type: order_type ?? 'limit_order',
          time_in_force: 'gtc',
          post_only: false,
          reduce_only: false,
        }
      : {
          size,
          side,
          order_type: order_type ?? 'limit_order',
          limit_price: limit_price as string | null,
          time_in_force: 'gtc',
          post_only: false,
          reduce_only: false,
        };
  if (time_in_force !== undefined) out.time_in_force = time_in_force;
  if (post_only !== undefined) out.post_only = post_only;
  if (reduce_only !== undefined) out.reduce_only = reduce_only;
  if (client_order_id !== undefined) out.client_order_id = client_order_id as string | null;
  if (product_id !== undefined) out.product_id = product_id;
  if (product_symbol !== undefined) out.product_symbol = product_symbol as string;
  return out;
}

/** `POST /v2/orders`'s body, validated as `placeOrderSchema` does (zod runs only off the plain shape). */
export function parsePlaceOrder(input: unknown): PlaceOrderBody {
  return plainPlaceOrder(input) ?? parseWith(placeOrderSchema, input);
}

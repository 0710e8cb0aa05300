import { Decimal } from 'decimal.js';
import { cancelOrder, editOrder, findOpenOrder, placeOrder } from '../../engine/orders.ts';
import { DeltaError } from '../../engine/errors.ts';
import { orderToWire } from '../../wire/order.ts';
import { type Route, requireAccount } from '../route.ts';
import { resolveProduct, toPlaceInput } from './order-helpers.ts';
import { batchCancelSchema, batchCreateSchema, batchEditSchema } from './order-schemas.ts';
import { parseWith } from './parse.ts';

/** Batches run in order on one product and stop at the first refusal (earlier orders stand). */
export const batchRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/orders/batch',
    access: 'trading',
    weight: 25,
    handler: (ctx) => {
      const body = parseWith(batchCreateSchema, ctx.body);
      const product = resolveProduct(ctx.state, body)!;
      const account = requireAccount(ctx);
      return {
        result: body.orders.map((o) => orderToWire(placeOrder(ctx.state, account, toPlaceInput(product, o)))),
      };
    },
  },
  {
    method: 'PUT',
    path: '/v2/orders/batch',
    access: 'trading',
    weight: 25,
    handler: (ctx) => {
      const body = parseWith(batchEditSchema, ctx.body);
      const product = resolveProduct(ctx.state, body)!;
      const account = requireAccount(ctx);
      return {
        result: body.orders.map((o) => {
          const order = findOpenOrder(account, { id: o.id });
          if (order.productId !== product.id) throw new DeltaError(404, 'open_order_not_found');
          const limitPrice = o.limit_price === undefined ? undefined : new Decimal(o.limit_price);
          return orderToWire(editOrder(ctx.state, account, order, { size: o.size, limitPrice }));
        }),
      };
    },
  },
  {
    method: 'DELETE',
    path: '/v2/orders/batch',
    access: 'trading',
    weight: 25,
    handler: (ctx) => {
      const body = parseWith(batchCancelSchema, ctx.body);
      const product = resolveProduct(ctx.state, body)!;
      const account = requireAccount(ctx);
      return {
        result: body.orders.map((o) => {
          const order = findOpenOrder(account, { id: o.id, clientOrderId: o.client_order_id });
          if (order.productId !== product.id) throw new DeltaError(404, 'open_order_not_found');
          return orderToWire(cancelOrder(ctx.state, account, order, 'cancelled_by_user'));
        }),
      };
    },
  },
];

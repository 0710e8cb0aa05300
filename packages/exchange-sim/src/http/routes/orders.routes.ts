import { Decimal } from 'decimal.js';
import { DeltaError } from '../../engine/errors.ts';
import { cancelAll, cancelOrder, editOrder, findOpenOrder, placeOrder } from '../../engine/orders.ts';
import type { Order } from '../../engine/types.ts';
import { orderToWire } from '../../wire/order.ts';
import { type Route, requireAccount } from '../route.ts';
import { resolveProduct, toPlaceInput } from './order-helpers.ts';
import { cancelAllSchema, cancelOrderSchema, editOrderSchema } from './order-schemas.ts';
import { paginate } from './paginate.ts';
import { parsePlaceOrder } from './place-order-body.ts';
import { idList, intParam, parseWith, stringList } from './parse.ts';

function listOrders(orders: Iterable<Order>, query: URLSearchParams, states: Set<string>) {
  const products = idList(query, 'product_ids') ?? idList(query, 'product_id');
  const wanted = stringList(query, 'states');
  const start = intParam(query, 'start_time');
  const end = intParam(query, 'end_time');
  const out: Order[] = [];
  for (const o of orders) {
    if (!states.has(o.state) || (wanted && !wanted.has(o.state))) continue;
    if (products && !products.has(o.productId)) continue;
    const created = Number(o.createdAt);
    if ((start !== null && created < start) || (end !== null && created > end)) continue;
    out.push(o);
  }
  out.sort((a, b) => b.id - a.id);
  const { page, meta } = paginate(out, query);
  return { result: page.map(orderToWire), meta };
}

export const orderRoutes: Route[] = [
  {
    method: 'POST',
    path: '/v2/orders',
    access: 'trading',
    weight: 5,
    handler: (ctx) => {
      const body = parsePlaceOrder(ctx.body);
      const product = resolveProduct(ctx.state, body)!;
      return { result: orderToWire(placeOrder(ctx.state, requireAccount(ctx), toPlaceInput(product, body))) };
    },
  },
  {
    method: 'PUT',
    path: '/v2/orders',
    access: 'trading',
    weight: 5,
    handler: (ctx) => {
      const body = parseWith(editOrderSchema, ctx.body);
      const account = requireAccount(ctx);
      const order = findOpenOrder(account, { id: body.id, clientOrderId: body.client_order_id });
      const product = resolveProduct(ctx.state, body, false);
      if (product && product.id !== order.productId) throw new DeltaError(404, 'open_order_not_found');
      const limitPrice = body.limit_price === undefined ? undefined : new Decimal(body.limit_price);
      return { result: orderToWire(editOrder(ctx.state, account, order, { size: body.size, limitPrice })) };
    },
  },
  {
    method: 'DELETE',
    path: '/v2/orders',
    access: 'trading',
    weight: 5,
    handler: (ctx) => {
      const body = parseWith(cancelOrderSchema, ctx.body);
      const account = requireAccount(ctx);
      const order = findOpenOrder(account, { id: body.id, clientOrderId: body.client_order_id });
      const product = resolveProduct(ctx.state, body, false);
      if (product && product.id !== order.productId) throw new DeltaError(404, 'open_order_not_found');
      return { result: orderToWire(cancelOrder(ctx.state, account, order, 'cancelled_by_user')) };
    },
  },
  {
    method: 'DELETE',
    path: '/v2/orders/all',
    access: 'trading',
    weight: 5,
    handler: (ctx) => {
      const body = parseWith(cancelAllSchema, ctx.body) ?? {};
      const product = resolveProduct(ctx.state, body, false);
      cancelAll(ctx.state, requireAccount(ctx), product ? new Set([product.id]) : null);
      return { result: {} };
    },
  },
  {
    method: 'GET',
    path: '/v2/orders',
    access: 'read',
    weight: 3,
    handler: (ctx) =>
      listOrders(requireAccount(ctx).orders.values(), ctx.query, new Set(['open', 'pending'])),
  },
  {
    method: 'GET',
    path: '/v2/orders/history',
    access: 'read',
    weight: 10,
    handler: (ctx) =>
      listOrders(requireAccount(ctx).orders.values(), ctx.query, new Set(['closed', 'cancelled'])),
  },
  {
    method: 'GET',
    path: '/v2/orders/{order_id}',
    access: 'read',
    weight: 3,
    handler: (ctx) => {
      const order = requireAccount(ctx).orders.get(Number(ctx.params.order_id));
      if (!order) throw new DeltaError(404, 'order_not_found');
      return { result: orderToWire(order) };
    },
  },
  {
    method: 'GET',
    path: '/v2/orders/client_order_id/{client_oid}',
    access: 'read',
    weight: 3,
    handler: (ctx) => {
      const order = requireAccount(ctx).byClientId.get(ctx.params.client_oid ?? '');
      const findable = order && (ctx.state.matching.clientOrderIdLookup === 'any' || order.state === 'open');
      if (!findable) throw new DeltaError(404, 'order_not_found');
      return { result: orderToWire(order) };
    },
  },
];

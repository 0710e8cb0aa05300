import { Decimal } from 'decimal.js';
import { badSchema, DeltaError } from './errors.ts';
import { executeFill, retireOrder } from './execute.ts';
import { availableBalance } from './margin.ts';
import { commissionFor, increasingContracts, marginFor } from './position-math.ts';
import type { SimState } from './state.ts';
import { averagePrice, takerParts, takerPrice } from './taker-fills.ts';
import type { Account, Order, OrderType, Product, Side, TimeInForce } from './types.ts';

const ZERO = new Decimal(0);

export interface PlaceOrderInput {
  product: Product;
  side: Side;
  orderType: OrderType;
  size: number;
  limitPrice: Decimal | null;
  timeInForce: TimeInForce;
  postOnly: boolean;
  reduceOnly: boolean;
  clientOrderId: string | null;
}

/** Whether a limit order at `limit` trades against the mark right now. */
export function crossesMark(product: Product, side: Side, limit: Decimal | null): boolean {
  if (limit === null) return true;
  return side === 'buy' ? limit.gte(product.mark) : limit.lte(product.mark);
}

/** Refuses an order whose new exposure needs more margin (plus taker commission) than is available. */
function checkMargin(
  state: SimState,
  account: Account,
  input: PlaceOrderInput,
  price: Decimal,
  taker: boolean,
) {
  const { product } = input;
  const position = account.positions.get(product.id)?.size ?? 0;
  const signed = input.side === 'buy' ? input.size : -input.size;
  const contracts = input.reduceOnly ? 0 : increasingContracts(position, signed);
  const after = Math.abs(position + signed);
  if (contracts > 0 && after > product.config.positionSizeLimit) {
    throw new DeltaError(400, 'risk_limits_breached', {
      position_size_limit: product.config.positionSizeLimit,
      resulting_position_size: after,
    });
  }
  let required = marginFor(contracts, product.contractValue, price, state.leverageOf(account, product));
  if (taker)
    required = required.add(commissionFor(input.size, product.contractValue, price, product.takerRate));
  if (required.isZero()) return;
  const available = availableBalance(state, account, product.config.settling);
  if (required.gt(available)) {
    throw new DeltaError(400, 'insufficient_margin', {
      available_balance: available.toString(),
      required_additional_balance: required.sub(available).toString(),
    });
  }
}

/** Reduce-only never adds exposure: the size is clipped to the opposite position; none → refused. */
function clipReduceOnly(account: Account, input: PlaceOrderInput): number {
  const position = account.positions.get(input.product.id)?.size ?? 0;
  const signed = input.side === 'buy' ? 1 : -1;
  if (position === 0 || Math.sign(position) === signed) {
    throw new DeltaError(400, 'reduce_only_order_would_increase_position', { position_size: position });
  }
  return Math.min(input.size, Math.abs(position));
}

export function placeOrder(state: SimState, account: Account, raw: PlaceOrderInput): Order {
  const input = { ...raw };
  const { product } = input;
  if (input.clientOrderId !== null && account.openByClientId.has(input.clientOrderId)) {
    throw new DeltaError(400, 'duplicate_client_order_id', { client_order_id: input.clientOrderId });
  }
  if (input.orderType === 'limit_order' && input.limitPrice === null)
    throw badSchema('limit_price is required');
  if (input.reduceOnly) input.size = clipReduceOnly(account, input);
  const crosses = crossesMark(product, input.side, input.limitPrice);
  if (input.postOnly && crosses) throw new DeltaError(400, 'immediate_execution_post_only');
  if (input.orderType === 'limit_order' && input.timeInForce === 'ioc' && !crosses) {
    throw new DeltaError(400, 'order_size_exceed_available');
  }
  const parts = crosses ? takerParts(state, product, input.side, input.size, input.limitPrice) : [];
  // Checked at the average of the parts: margin and commission are linear in price.
  const price = crosses ? averagePrice(parts) : input.limitPrice!;
  checkMargin(state, account, input, price, crosses);

  const now = String(state.clock.nowUs());
  const order: Order = {
    id: state.nextOrderId++,
    userId: account.userId,
    productId: product.id,
    symbol: product.symbol,
    side: input.side,
    orderType: input.orderType,
    size: input.size,
    unfilled: input.size,
    limitPrice: input.limitPrice,
    reduceOnly: input.reduceOnly,
    postOnly: input.postOnly,
    timeInForce: input.timeInForce,
    clientOrderId: input.clientOrderId,
    state: 'open',
    createdAt: now,
    updatedAt: now,
    // Shared zeros (Decimals are immutable): a fill replaces them.
    paidCommission: ZERO,
    filledNotional: ZERO,
    cancellationReason: null,
  };
  account.orders.set(order.id, order);
  if (order.clientOrderId !== null) {
    account.byClientId.set(order.clientOrderId, order);
    account.openByClientId.set(order.clientOrderId, order);
  }
  product.book.add(order);
  for (const listener of state.listeners) listener.onOrder(account, order, 'create', null);
  for (const part of parts) executeFill(state, account, product, order, part.size, part.price, 'taker');
  return order;
}

export function cancelOrder(state: SimState, account: Account, order: Order, reason: string): Order {
  if (order.state !== 'open' && order.state !== 'pending') throw new DeltaError(404, 'open_order_not_found');
  order.state = 'cancelled';
  order.cancellationReason = reason;
  order.updatedAt = String(state.clock.nowUs());
  retireOrder(account, state.productById(order.productId), order);
  for (const listener of state.listeners) listener.onOrder(account, order, 'delete', null);
  return order;
}

export function findOpenOrder(
  account: Account,
  ref: { id?: number | undefined; clientOrderId?: string | undefined },
): Order {
  const order =
    ref.id !== undefined
      ? account.orders.get(ref.id)
      : ref.clientOrderId !== undefined
        ? account.openByClientId.get(ref.clientOrderId)
        : undefined;
  if (!order || (order.state !== 'open' && order.state !== 'pending')) {
    throw new DeltaError(404, 'open_order_not_found');
  }
  return order;
}

/** Edits an open limit order's total size and/or price; if it now crosses the mark it trades. */
export function editOrder(
  state: SimState,
  account: Account,
  order: Order,
  change: { size?: number | undefined; limitPrice?: Decimal | undefined },
): Order {
  if (order.orderType !== 'limit_order') throw badSchema('only limit orders can be edited');
  const filled = order.size - order.unfilled;
  const size = change.size ?? order.size;
  if (size <= filled) throw badSchema('size must exceed the filled size', 'size');
  const limitPrice = change.limitPrice ?? order.limitPrice!;
  const product = state.productById(order.productId);
  const crosses = crossesMark(product, order.side, limitPrice);
  if (order.postOnly && crosses) throw new DeltaError(400, 'immediate_execution_post_only');
  const extra = size - order.size;
  if (extra > 0 && !order.reduceOnly) {
    checkMargin(
      state,
      account,
      {
        product,
        side: order.side,
        orderType: 'limit_order',
        size: extra,
        limitPrice,
        timeInForce: 'gtc',
        postOnly: order.postOnly,
        reduceOnly: false,
        clientOrderId: null,
      },
      limitPrice,
      crosses,
    );
  }
  order.size = size;
  order.unfilled = size - filled;
  order.limitPrice = limitPrice;
  order.updatedAt = String(state.clock.nowUs());
  for (const listener of state.listeners) listener.onOrder(account, order, 'update', null);
  if (crosses) {
    executeFill(
      state,
      account,
      product,
      order,
      order.unfilled,
      takerPrice(state, product, order.side, limitPrice),
      'taker',
    );
  }
  return order;
}

export function cancelAll(state: SimState, account: Account, productIds: Set<number> | null): number {
  let count = 0;
  for (const order of [...account.orders.values()]) {
    if (order.state !== 'open' && order.state !== 'pending') continue;
    if (productIds && !productIds.has(order.productId)) continue;
    cancelOrder(state, account, order, 'cancelled_by_user');
    count++;
  }
  return count;
}

/** Market-closes every non-zero position with reduce-only orders. */
export function closeAllPositions(state: SimState, account: Account): Order[] {
  const out: Order[] = [];
  for (const pos of [...account.positions.values()]) {
    if (pos.size === 0) continue;
    out.push(
      placeOrder(state, account, {
        product: state.productById(pos.productId),
        side: pos.size > 0 ? 'sell' : 'buy',
        orderType: 'market_order',
        size: Math.abs(pos.size),
        limitPrice: null,
        timeInForce: 'ioc',
        postOnly: false,
        reduceOnly: true,
        clientOrderId: null,
      }),
    );
  }
  return out;
}

import type { SimState } from '../engine/state.ts';
import type { Account, Fill, Order, Position, Product } from '../engine/types.ts';
import { averageFillPrice } from '../wire/order.ts';
import { positionToWire } from '../wire/position.ts';

/** The compact fill message of `v2/user_trades`. */
export function v2UserTrade(fill: Fill) {
  return {
    type: 'v2/user_trades',
    sy: fill.symbol,
    f: fill.id,
    R: 'normal',
    u: fill.userId,
    o: fill.orderId,
    S: fill.side,
    s: fill.size,
    p: fill.price.toString(),
    po: fill.positionAfter,
    r: fill.role,
    c: fill.clientOrderId,
    t: fill.createdAtUs,
    se: fill.seq,
  };
}

/** The older `user_trades` message (carries commission). */
export function userTrade(fill: Fill) {
  return {
    type: 'user_trades',
    symbol: fill.symbol,
    fill_id: fill.id,
    reason: 'normal',
    product_id: fill.productId,
    user_id: fill.userId,
    order_id: fill.orderId,
    side: fill.side,
    size: fill.size,
    price: fill.price.toString(),
    role: fill.role,
    commission: fill.commission.toString(),
    client_order_id: fill.clientOrderId,
    timestamp: fill.createdAtUs,
    seq_no: fill.seq,
  };
}

export function orderEvent(
  order: Order,
  action: string,
  reason: string | null,
  seq: number,
  timestamp: number,
) {
  return {
    type: 'orders',
    action,
    reason,
    symbol: order.symbol,
    product_id: order.productId,
    order_id: order.id,
    id: order.id,
    user_id: order.userId,
    client_order_id: order.clientOrderId,
    size: order.size,
    unfilled_size: order.unfilled,
    average_fill_price: averageFillPrice(order),
    limit_price: order.limitPrice?.toString() ?? null,
    side: order.side,
    order_type: order.orderType,
    reduce_only: order.reduceOnly,
    time_in_force: order.timeInForce,
    paid_commission: order.paidCommission.toString(),
    cancellation_reason: order.cancellationReason,
    stop_order_type: null,
    stop_price: null,
    bracket_order: false,
    state: order.state,
    seq_no: seq,
    timestamp,
  };
}

export function positionEvent(
  state: SimState,
  account: Account,
  product: Product,
  pos: Position,
  action: string,
) {
  const wire = positionToWire(state, account, product, pos);
  return {
    type: 'positions',
    action,
    reason: null,
    symbol: product.symbol,
    product_id: product.id,
    user_id: account.userId,
    size: pos.size,
    entry_price: pos.entryPrice?.toString() ?? null,
    margin: wire.margin,
    liquidation_price: wire.liquidation_price,
    bankruptcy_price: wire.bankruptcy_price,
    commission: '0',
    realized_pnl: pos.realizedPnl.toString(),
    timestamp: state.clock.nowUs(),
  };
}

export function markPriceEvent(product: Product, timestamp: number) {
  return {
    type: 'mark_price',
    symbol: `MARK:${product.symbol}`,
    product_id: product.id,
    price: product.mark.toString(),
    timestamp,
  };
}

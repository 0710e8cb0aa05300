import type { Order } from '../engine/types.ts';

/** Average fill price as a decimal string, null before the first fill. */
export function averageFillPrice(order: Order): string | null {
  const filled = order.size - order.unfilled;
  return filled === 0 ? null : order.filledNotional.div(filled).toString();
}

/** An order as Delta's REST API returns it. */
export function orderToWire(order: Order) {
  return {
    id: order.id,
    user_id: order.userId,
    size: order.size,
    unfilled_size: order.unfilled,
    side: order.side,
    order_type: order.orderType,
    limit_price: order.limitPrice?.toString() ?? null,
    stop_order_type: null,
    stop_price: null,
    paid_commission: order.paidCommission.toString(),
    commission: '0',
    reduce_only: order.reduceOnly,
    post_only: order.postOnly,
    time_in_force: order.timeInForce,
    client_order_id: order.clientOrderId,
    state: order.state,
    created_at: order.createdAt,
    updated_at: order.updatedAt,
    product_id: order.productId,
    product_symbol: order.symbol,
    average_fill_price: averageFillPrice(order),
    cancellation_reason: order.cancellationReason,
    bracket_order: null,
    close_on_trigger: 'false',
    meta_data: { source: 'api' },
  };
}

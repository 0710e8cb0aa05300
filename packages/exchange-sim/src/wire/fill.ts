import type { Fill, Product } from '../engine/types.ts';
import { productBrief } from './product.ts';

/** A fill as `GET /v2/fills` returns it. */
export function fillToWire(fill: Fill, product: Product) {
  return {
    id: fill.id,
    user_id: fill.userId,
    order_id: String(fill.orderId),
    product_id: fill.productId,
    product_symbol: fill.symbol,
    side: fill.side,
    size: fill.size,
    price: fill.price.toString(),
    role: fill.role,
    commission: fill.commission.toString(),
    fill_type: 'normal',
    client_order_id: fill.clientOrderId,
    created_at: String(fill.createdAtUs),
    settling_asset_symbol: product.config.settling,
    meta_data: {
      effective_commission_rate: fill.rate.toString(),
      order_price: fill.orderPrice,
      order_size: fill.orderSize,
      order_type: fill.orderType,
      order_unfilled_size: fill.orderUnfilled,
      new_position: { size: fill.positionAfter },
    },
    product: productBrief(product),
  };
}

import type { Decimal } from 'decimal.js';
import { executeFill } from './execute.ts';
import { cancelOrder } from './orders.ts';
import type { SimState } from './state.ts';
import type { Order, Product } from './types.ts';

/** Fills one resting order the mark has crossed: a chunk (or all) of it, as maker at its limit. */
function fillResting(state: SimState, product: Product, order: Order): void {
  const account = state.account(order.userId);
  let size = Math.min(order.unfilled, state.matching.limitFillChunk ?? order.unfilled);
  if (order.reduceOnly) {
    const position = account.positions.get(product.id)?.size ?? 0;
    const sign = order.side === 'buy' ? 1 : -1;
    if (position === 0 || Math.sign(position) === sign) {
      cancelOrder(state, account, order, 'reduce_only_cancelled');
      return;
    }
    size = Math.min(size, Math.abs(position));
  }
  executeFill(state, account, product, order, size, order.limitPrice!, 'maker');
}

/** Moves a product's mark and fills the resting orders it crosses, oldest first. */
export function setMark(state: SimState, product: Product, price: Decimal): void {
  product.mark = price;
  for (const listener of state.listeners) listener.onMark(product);
  for (const order of [...product.book]) {
    if (order.limitPrice === null || order.state !== 'open') continue;
    const crossed = order.side === 'buy' ? price.lte(order.limitPrice) : price.gte(order.limitPrice);
    if (crossed) fillResting(state, product, order);
  }
}

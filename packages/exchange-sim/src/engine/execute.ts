import { Decimal } from 'decimal.js';
import type { PositionAction } from './events.ts';
import { applyFill, commissionFor } from './position-math.ts';
import type { SimState } from './state.ts';
import type { Account, Fill, Order, Position, Product } from './types.ts';

const ZERO = new Decimal(0);

function positionOf(state: SimState, account: Account, product: Product): Position {
  let pos = account.positions.get(product.id);
  if (!pos) {
    const now = String(state.clock.nowUs());
    pos = {
      productId: product.id,
      size: 0,
      entryPrice: null,
      realizedPnl: ZERO,
      createdAt: now,
      updatedAt: now,
    };
    account.positions.set(product.id, pos);
  }
  return pos;
}

/** Removes an order from the book and the open-order indexes once it is closed or cancelled. */
export function retireOrder(account: Account, product: Product, order: Order): void {
  product.book.delete(order);
  if (order.clientOrderId !== null && account.openByClientId.get(order.clientOrderId) === order) {
    account.openByClientId.delete(order.clientOrderId);
  }
}

/**
 * Executes `size` contracts of `order` at `price`: position, realised PnL, commission, the
 * order's fill state, a fill record with the next per-symbol sequence, then the events
 * (fill, order, position) in that order, all before the caller answers.
 */
export function executeFill(
  state: SimState,
  account: Account,
  product: Product,
  order: Order,
  size: number,
  price: Decimal,
  role: 'taker' | 'maker',
): Fill {
  const signed = order.side === 'buy' ? size : -size;
  const rate = role === 'taker' ? product.takerRate : product.makerRate;
  const commission = commissionFor(size, product.contractValue, price, rate);
  const pos = positionOf(state, account, product);
  const before = pos.size;
  const outcome = applyFill(pos, signed, price, product.contractValue);
  const nowUs = state.clock.nowUs();
  const nowText = String(nowUs);
  pos.size = outcome.size;
  pos.entryPrice = outcome.entryPrice;
  pos.realizedPnl = pos.realizedPnl.add(outcome.realized);
  pos.updatedAt = nowText;
  const asset = product.config.settling;
  account.balances.set(asset, (account.balances.get(asset) ?? ZERO).add(outcome.realized).sub(commission));

  order.unfilled -= size;
  // 0 + x is x (already rounded to the precision): the first fill skips the addition and its allocation.
  order.paidCommission = order.paidCommission.isZero() ? commission : order.paidCommission.add(commission);
  const notional = price.mul(size);
  order.filledNotional = order.filledNotional.isZero() ? notional : order.filledNotional.add(notional);
  order.updatedAt = nowText;
  if (order.unfilled === 0) {
    order.state = 'closed';
    retireOrder(account, product, order);
  }

  const seq = (account.seq.get(product.symbol) ?? 0) + 1;
  account.seq.set(product.symbol, seq);
  const fill: Fill = {
    id: state.nextFillId++,
    userId: account.userId,
    orderId: order.id,
    productId: product.id,
    symbol: product.symbol,
    side: order.side,
    size,
    price,
    role,
    commission,
    createdAtUs: nowUs,
    orderSize: order.size,
    orderType: order.orderType,
    orderPrice: order.limitPrice?.toString() ?? null,
    orderUnfilled: order.unfilled,
    clientOrderId: order.clientOrderId,
    positionAfter: pos.size,
    seq,
    rate,
    restVisibleAtMs: performance.now() + state.matching.restFillsLagMs,
  };
  account.fills.push(fill);

  const action: PositionAction = before === 0 ? 'create' : pos.size === 0 ? 'delete' : 'update';
  for (const listener of state.listeners) {
    listener.onFill(account, fill, order);
    listener.onOrder(account, order, order.unfilled === 0 ? 'delete' : 'update', 'fill');
    listener.onPosition(account, product, pos, action);
  }
  return fill;
}

import { Decimal } from 'decimal.js';
import { increasingContracts, marginFor } from './position-math.ts';
import type { SimState } from './state.ts';
import type { Account, Order, Position, Product } from './types.ts';

export interface WalletSummary {
  asset: string;
  balance: Decimal;
  orderMargin: Decimal;
  positionMargin: Decimal;
  blockedMargin: Decimal;
  available: Decimal;
  unrealizedPnl: Decimal;
}

const ZERO = new Decimal(0);

export function positionMargin(state: SimState, account: Account, product: Product, pos: Position): Decimal {
  if (pos.size === 0 || pos.entryPrice === null) return ZERO;
  return marginFor(
    Math.abs(pos.size),
    product.contractValue,
    pos.entryPrice,
    state.leverageOf(account, product),
  );
}

/** Margin an open order blocks: only the contracts that would add exposure; reduce-only blocks none. */
export function orderMargin(state: SimState, account: Account, order: Order): Decimal {
  if (order.reduceOnly || order.limitPrice === null || order.unfilled === 0) return ZERO;
  const product = state.productById(order.productId);
  const position = account.positions.get(order.productId)?.size ?? 0;
  const signed = order.side === 'buy' ? order.unfilled : -order.unfilled;
  const contracts = increasingContracts(position, signed);
  return marginFor(contracts, product.contractValue, order.limitPrice, state.leverageOf(account, product));
}

/** Margin the account's positions and open orders in `asset` block. */
function blockedMargins(state: SimState, account: Account, asset: string) {
  let positionMargins = ZERO;
  for (const pos of account.positions.values()) {
    if (pos.size === 0) continue;
    const product = state.productById(pos.productId);
    if (product.config.settling !== asset) continue;
    positionMargins = positionMargins.add(positionMargin(state, account, product, pos));
  }
  let orderMargins = ZERO;
  for (const product of state.products.values()) {
    if (product.config.settling !== asset) continue;
    for (const order of product.book) {
      if (order.userId === account.userId)
        orderMargins = orderMargins.add(orderMargin(state, account, order));
    }
  }
  return { positionMargins, orderMargins, blocked: positionMargins.add(orderMargins) };
}

/** What an order may still use: `walletSummary(...).available` without the rest (checked on every order). */
export function availableBalance(state: SimState, account: Account, asset: string): Decimal {
  return (account.balances.get(asset) ?? ZERO).sub(blockedMargins(state, account, asset).blocked);
}

/** Balances with what is blocked: available = balance − order margin − position margin. */
export function walletSummary(state: SimState, account: Account, asset: string): WalletSummary {
  const balance = account.balances.get(asset) ?? ZERO;
  const { positionMargins, orderMargins, blocked } = blockedMargins(state, account, asset);
  let upnl = ZERO;
  for (const pos of account.positions.values()) {
    if (pos.size === 0) continue;
    const product = state.productById(pos.productId);
    if (product.config.settling !== asset) continue;
    if (pos.entryPrice)
      upnl = upnl.add(product.mark.sub(pos.entryPrice).mul(pos.size).mul(product.contractValue));
  }
  return {
    asset,
    balance,
    orderMargin: orderMargins,
    positionMargin: positionMargins,
    blockedMargin: blocked,
    available: balance.sub(blocked),
    unrealizedPnl: upnl,
  };
}

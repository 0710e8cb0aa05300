import { Decimal } from 'decimal.js';
import { positionMargin } from '../engine/margin.ts';
import { unrealizedPnl } from '../engine/position-math.ts';
import type { SimState } from '../engine/state.ts';
import type { Account, Position, Product } from '../engine/types.ts';

/** Isolated-margin liquidation estimate: entry moved by (1/leverage − maintenance margin). */
function liquidationPrice(state: SimState, account: Account, product: Product, pos: Position): string | null {
  if (pos.size === 0 || pos.entryPrice === null) return null;
  const lev = state.leverageOf(account, product);
  const mm = new Decimal(product.config.maintenanceMargin).div(100);
  const move = new Decimal(1).div(lev).sub(mm);
  const factor = pos.size > 0 ? new Decimal(1).sub(move) : move.add(1);
  return pos.entryPrice.mul(factor).toDecimalPlaces(product.tickSize.decimalPlaces()).toString();
}

function bankruptcyPrice(state: SimState, account: Account, product: Product, pos: Position): string | null {
  if (pos.size === 0 || pos.entryPrice === null) return null;
  const move = new Decimal(1).div(state.leverageOf(account, product));
  const factor = pos.size > 0 ? new Decimal(1).sub(move) : move.add(1);
  return pos.entryPrice.mul(factor).toDecimalPlaces(product.tickSize.decimalPlaces()).toString();
}

/** A position as `GET /v2/positions/margined` and the `positions` snapshot return it. */
export function positionToWire(state: SimState, account: Account, product: Product, pos: Position) {
  return {
    user_id: account.userId,
    product_id: product.id,
    product_symbol: product.symbol,
    size: pos.size,
    entry_price: pos.entryPrice?.toString() ?? null,
    margin: positionMargin(state, account, product, pos).toString(),
    liquidation_price: liquidationPrice(state, account, product, pos),
    bankruptcy_price: bankruptcyPrice(state, account, product, pos),
    adl_level: null,
    auto_topup: false,
    commission: '0',
    realized_pnl: pos.realizedPnl.toString(),
    realized_funding: '0',
    unrealized_pnl: unrealizedPnl(pos, product.mark, product.contractValue).toString(),
    mark_price: product.mark.toString(),
    created_at: pos.createdAt,
    updated_at: pos.updatedAt,
  };
}

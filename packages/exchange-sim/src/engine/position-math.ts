import { Decimal } from 'decimal.js';
import { RecentProducts } from './recent-products.ts';

export interface PositionState {
  size: number;
  entryPrice: Decimal | null;
}

export interface FillOutcome {
  size: number;
  entryPrice: Decimal | null;
  /** Realised PnL in the settling asset from the closed part of the fill. */
  realized: Decimal;
}

/**
 * Applies a fill of `signedSize` contracts at `price` to a position: the entry price is the
 * contract-weighted average while the position grows; a reduction realises
 * closed × contract_value × (price − entry) × direction; a flip opens the rest at `price`.
 */
export function applyFill(
  pos: PositionState,
  signedSize: number,
  price: Decimal,
  contractValue: Decimal,
): FillOutcome {
  const { size, entryPrice } = pos;
  if (size === 0 || entryPrice === null || Math.sign(size) === Math.sign(signedSize)) {
    const newSize = size + signedSize;
    const entry =
      size === 0 || entryPrice === null
        ? price
        : entryPrice
            .mul(Math.abs(size))
            .add(price.mul(Math.abs(signedSize)))
            .div(Math.abs(newSize));
    return { size: newSize, entryPrice: entry, realized: new Decimal(0) };
  }
  const closed = Math.min(Math.abs(size), Math.abs(signedSize));
  const realized = price.sub(entryPrice).mul(closed).mul(contractValue).mul(Math.sign(size));
  const newSize = size + signedSize;
  if (newSize === 0) return { size: 0, entryPrice: null, realized };
  if (Math.sign(newSize) === Math.sign(size)) return { size: newSize, entryPrice, realized };
  return { size: newSize, entryPrice: price, realized };
}

/** Contracts of an order that would add exposure given the current position. */
export function increasingContracts(position: number, signedSize: number): number {
  if (position === 0 || Math.sign(position) === Math.sign(signedSize)) return Math.abs(signedSize);
  return Math.max(0, Math.abs(signedSize) - Math.abs(position));
}

const recentMargins = new RecentProducts(4);
const recentCommissions = new RecentProducts(2);

/** Margin for `contracts` at `price`: contracts × contract_value × price / leverage. */
export function marginFor(
  contracts: number,
  contractValue: Decimal,
  price: Decimal,
  leverage: Decimal,
): Decimal {
  return recentMargins.get(contracts, contractValue, price, leverage, () =>
    contractValue.mul(contracts).mul(price).div(leverage),
  );
}

/** Commission: contracts × contract_value × price × rate. */
export function commissionFor(
  contracts: number,
  contractValue: Decimal,
  price: Decimal,
  rate: Decimal,
): Decimal {
  return recentCommissions.get(contracts, contractValue, price, rate, () =>
    contractValue.mul(contracts).mul(price).mul(rate),
  );
}

/** Unrealised PnL of a position marked at `mark`. */
export function unrealizedPnl(pos: PositionState, mark: Decimal, contractValue: Decimal): Decimal {
  if (pos.size === 0 || pos.entryPrice === null) return new Decimal(0);
  return mark.sub(pos.entryPrice).mul(pos.size).mul(contractValue);
}

/** Rounds a price to the product's tick (half away from zero). */
export function roundToTick(price: Decimal, tick: Decimal): Decimal {
  return price.div(tick).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).mul(tick);
}

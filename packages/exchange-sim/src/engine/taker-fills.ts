import { Decimal } from 'decimal.js';
import { roundToTick } from './position-math.ts';
import type { SimState } from './state.ts';
import type { Product, Side } from './types.ts';

/** One fill a taker order will get: its contracts and price. */
export interface TakerPart {
  size: number;
  price: Decimal;
}

/** Mark moved `bps` against the taker, rounded to the tick, never below one tick. */
function priceAgainst(product: Product, side: Side, bps: Decimal): Decimal {
  const move = bps.div(10_000);
  const raw = product.mark.mul(side === 'buy' ? move.add(1) : new Decimal(1).sub(move));
  return Decimal.max(roundToTick(raw, product.tickSize), product.tickSize);
}

/** Each product's taker prices at one mark, by side and move: worked out again once the mark moves. */
const pricesAtMark = new WeakMap<Product, { mark: Decimal; prices: Map<string, Decimal> }>();

/**
 * `priceAgainst` for a move of `slippageBps + step × partStepBps`, from the cache while the mark is
 * the same object (a mark only ever changes by replacing it; Decimals are immutable).
 */
function cachedPriceAgainst(
  product: Product,
  side: Side,
  slippageBps: number,
  partStepBps: number,
  step: number,
): Decimal {
  let cache = pricesAtMark.get(product);
  if (cache === undefined || cache.mark !== product.mark) {
    cache = { mark: product.mark, prices: new Map() };
    pricesAtMark.set(product, cache);
  }
  const key = `${side} ${slippageBps} ${partStepBps} ${step}`;
  let price = cache.prices.get(key);
  if (price === undefined) {
    const bps = step === 0 ? new Decimal(slippageBps) : new Decimal(partStepBps).mul(step).add(slippageBps);
    price = priceAgainst(product, side, bps);
    cache.prices.set(key, price);
  }
  return price;
}

/** The price a taker gets now: mark ± slippage, rounded to the tick, never worse than its limit. */
export function takerPrice(state: SimState, product: Product, side: Side, limit: Decimal | null): Decimal {
  const price = cachedPriceAgainst(product, side, state.matching.slippageBps, 0, 0);
  if (limit === null) return price;
  return side === 'buy' ? Decimal.min(price, limit) : Decimal.max(price, limit);
}

/**
 * The fills of an order that trades on arrival. A limit order fills whole at `takerPrice`. A market
 * order of N contracts fills in min(marketFillParts, N) parts whose integer sizes sum to N (the first
 * N mod parts get one more), part i at mark ± (slippageBps + i × partStepBps), as if it walked a book.
 */
export function takerParts(
  state: SimState,
  product: Product,
  side: Side,
  size: number,
  limit: Decimal | null,
): TakerPart[] {
  if (limit !== null) return [{ size, price: takerPrice(state, product, side, limit) }];
  const { slippageBps, partStepBps, marketFillParts } = state.matching;
  const parts = Math.min(marketFillParts, size);
  const base = Math.floor(size / parts);
  const extra = size % parts;
  const out: TakerPart[] = [];
  for (let i = 0; i < parts; i++) {
    const price = cachedPriceAgainst(product, side, slippageBps, partStepBps, i);
    out.push({ size: base + (i < extra ? 1 : 0), price });
  }
  return out;
}

/** Size-weighted average price of the parts: what the order's average fill price will be. */
export function averagePrice(parts: readonly TakerPart[]): Decimal {
  // One part: its price, when price × size is exact at Decimal's precision (then ÷ size gives it back).
  const only = parts.length === 1 ? parts[0]! : undefined;
  if (only && only.price.sd() + String(only.size).length <= Decimal.precision) return only.price;
  let notional = new Decimal(0);
  let size = 0;
  for (const part of parts) {
    notional = notional.add(part.price.mul(part.size));
    size += part.size;
  }
  return notional.div(size);
}

import { type Dec, toDecimal } from '../decimal/decimal.ts';
import type { Skip } from '../types/skip-reason.ts';

export interface MarginInput {
  /** Contracts being opened (never the reducing part: reductions need no margin). */
  openingSize: number;
  contractValue: string;
  price: string;
  /** Decimal string > 0. */
  leverage: string;
  availableBalance: string;
  /** The exchange also holds the opening fee back: taker rate, e.g. "0.0005". @defaultValue "0" */
  takerCommissionRate?: string | undefined;
}

/**
 * What opening `size` contracts takes from the balance (vanilla contracts): initial margin
 * notional / leverage, plus the taker fee on the notional when a rate is given.
 */
export function estimateMargin(
  size: number,
  contractValue: string,
  price: string,
  leverage: string,
  takerCommissionRate = '0',
): Dec {
  const lev = toDecimal(leverage, 'leverage');
  const notional = toDecimal(contractValue, 'contractValue').mul(toDecimal(price, 'price')).mul(size);
  return notional.div(lev).add(notional.mul(toDecimal(takerCommissionRate, 'takerCommissionRate')));
}

export function marginSkip(m: MarginInput): Skip | undefined {
  if (m.openingSize === 0) return undefined;
  if (toDecimal(m.leverage, 'leverage').lte(0)) {
    return { ok: false, reason: 'invalid_input', detail: `leverage must be > 0, got ${m.leverage}` };
  }
  const needed = estimateMargin(m.openingSize, m.contractValue, m.price, m.leverage, m.takerCommissionRate);
  const available = toDecimal(m.availableBalance, 'availableBalance');
  if (needed.lte(available)) return undefined;
  return {
    ok: false,
    reason: 'insufficient_margin',
    detail: `estimated margin ${needed.toDecimalPlaces(8).toFixed()} > available ${available.toFixed()}`,
  };
}

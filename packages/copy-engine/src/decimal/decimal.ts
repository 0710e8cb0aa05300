import decimalDefault from 'decimal.js';
import type { Decimal as DecimalClass } from 'decimal.js';
import { CopyEngineInputError } from './copy-engine-input-error.ts';

// decimal.js ships CommonJS-flavoured types beside an ESM build whose default export is the class:
// under `nodenext` TypeScript sees the module object, Node hands us the class.
const Decimal = decimalDefault as unknown as typeof DecimalClass;

// 40 significant digits, truncating: a quotient is cut, never rounded up into the next whole contract.
export const Dec = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_DOWN });
export type Dec = DecimalClass;

// Plain decimal notation only: no hex/binary, no NaN/Infinity (decimal.js would accept those).
const decimalPattern = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function isDecimalString(value: unknown): value is string {
  return typeof value === 'string' && decimalPattern.test(value);
}

// Parsed values by their text. A fan-out parses the same price, contract value, leverage and fee
// (and often the same balances) for every follower: parsing was most of a decision's decimal work.
// Decimals are immutable, so sharing one is safe; the memo is dropped whole when full.
const MEMO_LIMIT = 4_096;
const parsed = new Map<string, Dec>();

/** The decimal a string spells, or undefined when it is not a plain finite decimal. */
export function tryDecimal(value: unknown): Dec | undefined {
  const known = parsed.get(value as string);
  if (known !== undefined) return known;
  if (!isDecimalString(value)) return undefined;
  if (parsed.size >= MEMO_LIMIT) parsed.clear();
  const decimal = new Dec(value);
  parsed.set(value, decimal);
  return decimal;
}

/** Parses a decimal string or throws `CopyEngineInputError` naming the field. */
export function toDecimal(value: string, field: string): Dec {
  const decimal = tryDecimal(value);
  if (decimal !== undefined) return decimal;
  const shown = typeof value === 'string' ? JSON.stringify((value as string).slice(0, 40)) : typeof value;
  throw new CopyEngineInputError(field, `must be a finite decimal string, got ${shown}`);
}

/** Throws unless `value` is a whole number of contracts (a safe integer, any sign). */
export function assertContracts(value: number, field: string): number {
  if (!Number.isSafeInteger(value)) {
    throw new CopyEngineInputError(field, `must be a whole number of contracts, got ${String(value)}`);
  }
  return value === 0 ? 0 : value; // -0 becomes 0
}

/** Plain notation, no exponent, no trailing zeros. */
export function decimalString(value: Dec): string {
  return value.isZero() ? '0' : value.toFixed();
}

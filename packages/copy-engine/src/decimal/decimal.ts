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

/** Parses a decimal string or throws `CopyEngineInputError` naming the field. */
export function toDecimal(value: string, field: string): Dec {
  if (!isDecimalString(value)) {
    const shown = typeof value === 'string' ? JSON.stringify((value as string).slice(0, 40)) : typeof value;
    throw new CopyEngineInputError(field, `must be a finite decimal string, got ${shown}`);
  }
  return new Dec(value);
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runs } from '../test-support/arbitraries.ts';
import { CopyEngineInputError } from './copy-engine-input-error.ts';
import { Dec, toDecimal } from './decimal.ts';

const decimalText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.bigInt().map(String),
  fc.tuple(fc.bigInt({ min: 0n }), fc.bigInt({ min: 0n })).map(([a, b]) => `${a}.${b}`),
);
const notDecimal = fc.string().filter((s) => !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s));

describe('toDecimal', () => {
  it('parses a text seen before to the same value as the first time, and a bad text always throws', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(decimalText, notDecimal), { maxLength: 20 }), (texts) => {
        for (const text of [...texts, ...texts]) {
          if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
            const d = toDecimal(text, 'price');
            expect(d.eq(new Dec(text))).toBe(true);
            expect(d.toString()).toBe(new Dec(text).toString());
          } else {
            expect(() => toDecimal(text, 'price')).toThrow(CopyEngineInputError);
          }
        }
      }),
      runs,
    );
  });

  it('keeps parsing correctly past the memo’s size', () => {
    for (let i = 0; i < 10_000; i++) expect(toDecimal(`${i}.5`, 'x').toFixed()).toBe(`${i}.5`);
    expect(toDecimal('0.5', 'x').toFixed()).toBe('0.5');
  });
});

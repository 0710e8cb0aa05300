import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { position, runs } from '../test-support/arbitraries.ts';
import { planOrders, signedSize } from './plan-orders.ts';

describe('planOrders', () => {
  it.each([
    [0, 0, []],
    [0, 3, [{ side: 'buy', size: 3, reduceOnly: false, leg: 'open' }]],
    [0, -2, [{ side: 'sell', size: 2, reduceOnly: false, leg: 'open' }]],
    [3, 5, [{ side: 'buy', size: 2, reduceOnly: false, leg: 'increase' }]],
    [-3, -5, [{ side: 'sell', size: 2, reduceOnly: false, leg: 'increase' }]],
    [5, 1, [{ side: 'sell', size: 4, reduceOnly: true, leg: 'reduce' }]],
    [-5, 0, [{ side: 'buy', size: 5, reduceOnly: true, leg: 'close' }]],
    [
      2,
      -3,
      [
        { side: 'sell', size: 2, reduceOnly: true, leg: 'close' },
        { side: 'sell', size: 3, reduceOnly: false, leg: 'open' },
      ],
    ],
  ])('%i -> %i', (from, to, legs) => {
    expect(planOrders(from, to)).toEqual(legs);
  });

  it('rejects fractional sizes', () => {
    expect(() => planOrders(0, 1.5)).toThrow(/whole number of contracts/);
    expect(() => planOrders(Number.NaN, 1)).toThrow(/whole number of contracts/);
  });

  it('legs add up (signed) to the change, each a positive whole size', () => {
    fc.assert(
      fc.property(position(), position(), (from, to) => {
        const legs = planOrders(from, to);
        expect(legs.reduce((sum, leg) => sum + signedSize(leg), 0)).toBe(to - from);
        for (const leg of legs) expect(Number.isSafeInteger(leg.size) && leg.size > 0).toBe(true);
        expect(legs.length === 0).toBe(from === to);
      }),
      runs,
    );
  });

  it('reduce-only legs never grow |position|; a flip never leaves the position on the wrong side', () => {
    fc.assert(
      fc.property(position(), position(), (from, to) => {
        let pos = from;
        for (const leg of planOrders(from, to)) {
          const next = pos + signedSize(leg);
          if (leg.reduceOnly) {
            expect(Math.abs(next)).toBeLessThan(Math.abs(pos));
            expect(Math.sign(next) === 0 || Math.sign(next) === Math.sign(pos)).toBe(true);
          } else {
            // opening legs only add on the target's side, starting from flat or that side
            expect(Math.sign(pos) === 0 || Math.sign(pos) === Math.sign(to)).toBe(true);
            expect(Math.sign(next)).toBe(Math.sign(to));
          }
          pos = next;
        }
        expect(pos).toBe(to);
      }),
      runs,
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOrders } from '../orders/plan-orders.ts';
import { position, runs } from '../test-support/arbitraries.ts';
import { classifyTrade } from './classify-trade.ts';

describe('classifyTrade', () => {
  it.each([
    [0, 0, 'none'],
    [4, 4, 'none'],
    [0, 2, 'open'],
    [0, -2, 'open'],
    [2, 5, 'increase'],
    [-2, -5, 'increase'],
    [5, 2, 'reduce'],
    [-5, -1, 'reduce'],
    [5, 0, 'close'],
    [-1, 0, 'close'],
    [3, -3, 'flip'],
    [-1, 7, 'flip'],
  ] as const)('%i -> %i is %s', (before, after, kind) => {
    expect(classifyTrade(before, after)).toBe(kind);
  });

  it('rejects fractional sizes', () => {
    expect(() => classifyTrade(0.5, 1)).toThrow(/before/);
  });

  it('agrees with the legs planOrders produces', () => {
    fc.assert(
      fc.property(position(), position(), (before, after) => {
        const kind = classifyTrade(before, after);
        const legs = planOrders(before, after).map((l) => l.leg);
        const expected = {
          none: [],
          open: ['open'],
          increase: ['increase'],
          reduce: ['reduce'],
          close: ['close'],
        };
        expect(legs).toEqual(kind === 'flip' ? ['close', 'open'] : expected[kind]);
      }),
      runs,
    );
  });
});

import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { commissionFor, marginFor } from './position-math.ts';
import { createRng } from './rng.ts';

describe('marginFor and commissionFor (recent results reused)', () => {
  it('always equal the product worked out afresh, as inputs recur and are evicted', () => {
    const rng = createRng(7);
    const pick = <T>(xs: T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
    // A pool of objects, some equal in value but distinct, more than the memo holds.
    const values = ['0.001', '1', '60000', '60000.5', '3010.25', '10', '0.0005', '25', '60000'];
    const pool = values.map((v) => new Decimal(v));
    for (let i = 0; i < 3000; i++) {
      const contracts = pick([0, 1, 2, 3, 7, 1000]);
      const [cv, price, last] = [pick(pool), pick(pool), pick(pool)];
      expect(marginFor(contracts, cv, price, last).toString()).toBe(
        cv.mul(contracts).mul(price).div(last).toString(),
      );
      expect(commissionFor(contracts, cv, price, last).toString()).toBe(
        cv.mul(contracts).mul(price).mul(last).toString(),
      );
    }
  });

  it('tells apart equal-valued calls that differ in one argument', () => {
    const cv = new Decimal('0.001');
    const price = new Decimal('60000');
    const lev = new Decimal('10');
    expect(marginFor(2, cv, price, lev).toString()).toBe('12');
    expect(marginFor(3, cv, price, lev).toString()).toBe('18');
    expect(marginFor(2, cv, new Decimal('30000'), lev).toString()).toBe('6');
    expect(marginFor(2, cv, price, new Decimal('20')).toString()).toBe('6');
    expect(commissionFor(2, cv, price, new Decimal('0.0005')).toString()).toBe('0.06');
    expect(commissionFor(2, new Decimal('0.01'), price, new Decimal('0.0005')).toString()).toBe('0.6');
  });
});

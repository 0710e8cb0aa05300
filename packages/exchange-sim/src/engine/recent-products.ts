import type { Decimal } from 'decimal.js';

/**
 * The last few results of `contracts × a × b ÷ or × c` style products, by the identity of their
 * Decimal inputs (Decimals are immutable, so the same objects give the same value): an order's
 * margin and commission are worked out for its check and again for its fill, and consecutive
 * orders at one mark share their prices and product constants.
 */
export class RecentProducts {
  private readonly contracts: number[] = [];
  private readonly a: Decimal[] = [];
  private readonly b: Decimal[] = [];
  private readonly c: Decimal[] = [];
  private readonly results: Decimal[] = [];
  private next = 0;
  private readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  get(contracts: number, a: Decimal, b: Decimal, c: Decimal, compute: () => Decimal): Decimal {
    for (let i = 0; i < this.results.length; i++) {
      if (this.contracts[i] === contracts && this.a[i] === a && this.b[i] === b && this.c[i] === c) {
        return this.results[i]!;
      }
    }
    const result = compute();
    const slot = this.next;
    this.next = (slot + 1) % this.size;
    this.contracts[slot] = contracts;
    this.a[slot] = a;
    this.b[slot] = b;
    this.c[slot] = c;
    this.results[slot] = result;
    return result;
  }
}

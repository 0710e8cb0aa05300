import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedSize } from '../orders/plan-orders.ts';
import { fillSequence, position, runs } from '../test-support/arbitraries.ts';
import { applyToBook, emptyBook, type FollowerBook, revertLeg } from './follower-book.ts';

interface Fill {
  follow: string;
  seq: number;
  target: number;
}

/** Applies fills in the given order; the book and the signed sum of every leg sent. */
function run(fills: Fill[], start: FollowerBook = emptyBook): { book: FollowerBook; sent: number } {
  let book = start;
  let sent = 0;
  for (const f of fills) {
    const r = applyToBook(book, f.follow, f.seq, f.target);
    book = r.book;
    if (r.outcome === 'applied') sent += r.legs.reduce((sum, leg) => sum + signedSize(leg), 0);
  }
  return { book, sent };
}

const lastTargetOf = (fills: Fill[], follow: string) =>
  fills
    .filter((f) => f.follow === follow)
    .reduce((best, f) => (f.seq > best.seq ? f : best), {
      seq: 0,
      target: 0,
    }).target;

/** Two masters' fill streams, followed by one account, delivered interleaved, late and twice. */
const twoMasters = fc
  .tuple(fillSequence(position(300)), fillSequence(position(300)))
  .map(([a, b]) => [...a.map((u) => ({ follow: 'A', ...u })), ...b.map((u) => ({ follow: 'B', ...u }))])
  .chain((fills) =>
    fc.tuple(fc.constant(fills), fc.shuffledSubarray([...fills, ...fills], { minLength: 2 * fills.length })),
  );

describe('follower book', () => {
  it('holds the sum of its follows’ latest targets, whatever the interleaving', () => {
    fc.assert(
      fc.property(twoMasters, ([, delivered]) => {
        const { book, sent } = run(delivered);
        const expected = lastTargetOf(delivered, 'A') + lastTargetOf(delivered, 'B');
        expect(book.total).toBe(expected);
        expect(sent).toBe(expected);
        expect(book.follows.A?.lastTarget ?? 0).toBe(lastTargetOf(delivered, 'A'));
      }),
      runs,
    );
  });

  it('legs never trade more than the move of the total, and reduce-only legs never cross zero', () => {
    fc.assert(
      fc.property(twoMasters, ([, delivered]) => {
        let book = emptyBook;
        for (const f of delivered) {
          const r = applyToBook(book, f.follow, f.seq, f.target);
          if (r.outcome !== 'applied') continue;
          let position = r.totalBefore;
          for (const leg of r.legs) {
            const next = position + signedSize(leg);
            if (leg.reduceOnly) expect(Math.sign(next) * Math.sign(position)).toBeGreaterThanOrEqual(0);
            position = next;
          }
          expect(position).toBe(r.book.total);
          book = r.book;
        }
      }),
      runs,
    );
  });

  it('one master’s exit closes only that master’s share', () => {
    let book = run([
      { follow: 'A', seq: 1, target: 10 },
      { follow: 'B', seq: 1, target: 4 },
    ]).book;
    const exit = applyToBook(book, 'B', 2, 0);
    expect(exit.outcome).toBe('applied');
    if (exit.outcome !== 'applied') return;
    expect(exit.legs).toEqual([{ side: 'sell', size: 4, reduceOnly: true, leg: 'reduce' }]);
    book = exit.book;
    expect(book.total).toBe(10);
  });

  it('a second master opening on the same symbol is not taken as stale', () => {
    const book = run([{ follow: 'A', seq: 7, target: 10 }]).book;
    const r = applyToBook(book, 'B', 1, 5);
    expect(r.outcome).toBe('applied');
    if (r.outcome === 'applied') expect(r.book.total).toBe(15);
  });

  it('refuses to commit a decision made on a target that has moved since', () => {
    const book = run([{ follow: 'A', seq: 1, target: 10 }]).book;
    expect(applyToBook(book, 'A', 3, 0, 0)).toEqual({ outcome: 'moved', book, lastTarget: 10 });
    expect(applyToBook(book, 'A', 3, 20, 10).outcome).toBe('applied');
  });

  it('a reverted leg takes the follow’s target and the total back by its size', () => {
    const book = run([
      { follow: 'A', seq: 1, target: 10 },
      { follow: 'B', seq: 1, target: -4 },
    ]).book;
    const reverted = revertLeg(book, 'B', { side: 'sell', size: 4 });
    expect(reverted.total).toBe(10);
    expect(reverted.follows.B).toEqual({ lastSeq: 1, lastTarget: 0 });
    expect(reverted.follows.A).toEqual(book.follows.A);
  });
});

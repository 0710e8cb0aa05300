import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closesFirst, servingOrder } from './serving-order.ts';

const followerCount = fc.integer({ min: 1, max: 60 });
const ids = (n: number) => Array.from({ length: n }, (_, i) => `f${i}`);

describe('servingOrder', () => {
  it('rotates by the turn', () => {
    expect(servingOrder(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(servingOrder(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(servingOrder(['a', 'b', 'c'], 5)).toEqual(['c', 'a', 'b']);
    expect(servingOrder([], 7)).toEqual([]);
  });

  it('serves every follower exactly once per fill', () => {
    fc.assert(
      fc.property(followerCount, fc.nat(), (n, turn) => {
        expect([...servingOrder(ids(n), turn)].sort()).toEqual([...ids(n)].sort());
      }),
    );
  });

  it('over n consecutive fills serves each of n followers once in every position', () => {
    fc.assert(
      fc.property(followerCount, fc.nat({ max: 1_000_000 }), (n, firstTurn) => {
        const followers = ids(n);
        // positions[f][p]: how often follower f was served p-th.
        const positions = new Map(followers.map((f) => [f, new Array<number>(n).fill(0)]));
        for (let turn = firstTurn; turn < firstTurn + n; turn++)
          servingOrder(followers, turn).forEach((f, p) => {
            positions.get(f)![p]! += 1;
          });
        for (const counts of positions.values()) expect(counts).toEqual(new Array(n).fill(1));
      }),
    );
  });

  it('never leaves one follower last on two consecutive fills', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 60 }), fc.nat(), (n, turn) => {
        expect(servingOrder(ids(n), turn).at(-1)).not.toBe(servingOrder(ids(n), turn + 1).at(-1));
      }),
    );
  });
});

describe('closesFirst', () => {
  it('puts closing items first, keeping the order within each group', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ id: fc.nat(), closes: fc.boolean() })), (items) => {
        const sorted = closesFirst(items, (i) => i.closes);
        const firstOpen = sorted.findIndex((i) => !i.closes);
        expect(firstOpen === -1 || sorted.slice(firstOpen).every((i) => !i.closes)).toBe(true);
        expect(sorted.filter((i) => i.closes)).toEqual(items.filter((i) => i.closes));
        expect(sorted.filter((i) => !i.closes)).toEqual(items.filter((i) => !i.closes));
      }),
    );
  });
});

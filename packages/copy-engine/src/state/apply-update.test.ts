import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedSize } from '../orders/plan-orders.ts';
import { fillSequence, position, runs } from '../test-support/arbitraries.ts';
import type { TargetState } from '../types/target-state.ts';
import { applyUpdate } from './apply-update.ts';
import { transitionExamples } from './transition-examples.ts';

interface Update {
  seq: number;
  target: number;
}

/** Applies updates in order; returns the final state and the signed sum of every leg sent. */
function run(updates: Update[]): { state: TargetState | null; sent: number } {
  let state: TargetState | null = null;
  let sent = 0;
  for (const u of updates) {
    const r = applyUpdate(state, u.seq, u.target);
    state = r.state;
    sent += r.legs.reduce((sum, leg) => sum + signedSize(leg), 0);
  }
  return { state, sent };
}

const fills = fillSequence(position(500));

describe('applyUpdate', () => {
  it.each(transitionExamples.map((e) => [e.name, e] as const))('%s', (_name, e) => {
    const r = applyUpdate(e.before, e.seq, e.target);
    expect(r).toEqual({ state: e.after, legs: e.legs, applied: e.applied });
    expect(r.legs.reduce((sum, leg) => sum + signedSize(leg), 0)).toBe(e.delta);
  });

  it('legs over any fill sequence add up to the final target exactly', () => {
    fc.assert(
      fc.property(fills, (updates) => {
        const { state, sent } = run(updates);
        expect(sent).toBe(updates.at(-1)?.target);
        expect(state?.lastTarget).toBe(sent);
      }),
      runs,
    );
  });

  it('out of order and duplicated delivery ends where in-order delivery does', () => {
    const shuffled = fills.chain((updates) =>
      fc.tuple(
        fc.constant(updates),
        fc.shuffledSubarray([...updates, ...updates], { minLength: 2 * updates.length }),
        fc.array(fc.constantFrom(...updates), { maxLength: 10 }),
      ),
    );
    fc.assert(
      fc.property(shuffled, ([inOrder, permuted, replays]) => {
        const expected = run(inOrder);
        const actual = run([...permuted, ...replays]);
        expect(actual.state).toEqual(expected.state);
        expect(actual.sent).toBe(expected.sent); // the highest seq's target, nothing more
      }),
      runs,
    );
  });

  it('rejects fractional targets and sequences', () => {
    expect(() => applyUpdate(null, 1, 0.5)).toThrow(/target/);
    expect(() => applyUpdate(null, 1.5, 1)).toThrow(/seq/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedSize } from '../orders/plan-orders.ts';
import { position, runs } from '../test-support/arbitraries.ts';
import type { DriftPolicy } from '../types/follow-settings.ts';
import { type ReconcileInput, reconcile } from './reconcile.ts';

const base: ReconcileInput = {
  actual: 0,
  target: 0,
  inFlight: false,
  policy: 'repair',
  tolerance: 0,
  maxCorrection: 5,
};

describe('reconcile examples', () => {
  it.each([
    ['in sync', {}, { action: 'none' }],
    ['policy off', { target: 9, policy: 'off' as const }, { action: 'none' }],
    ['within tolerance', { actual: 3, target: 4, tolerance: 1 }, { action: 'none' }],
    ['order in flight', { target: 4, inFlight: true }, { action: 'skip_in_flight', drift: 4 }],
    ['alert only', { actual: 2, target: -1, policy: 'alert' as const }, { action: 'alert', drift: -3 }],
    [
      'missed open, within the cap',
      { target: 4 },
      {
        action: 'correct',
        drift: 4,
        capped: false,
        legs: [{ side: 'buy', size: 4, reduceOnly: false, leg: 'open' }],
      },
    ],
    [
      'leftover after an exit, capped',
      { actual: -8, target: 0 },
      {
        action: 'correct',
        drift: 8,
        capped: true,
        legs: [{ side: 'buy', size: 5, reduceOnly: true, leg: 'reduce' }],
      },
    ],
    [
      'wrong side, flip within the cap',
      { actual: 2, target: -3 },
      {
        action: 'correct',
        drift: -5,
        capped: false,
        legs: [
          { side: 'sell', size: 2, reduceOnly: true, leg: 'close' },
          { side: 'sell', size: 3, reduceOnly: false, leg: 'open' },
        ],
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(reconcile({ ...base, ...input })).toEqual(expected);
  });

  it('rejects fractional positions and a zero cap', () => {
    expect(() => reconcile({ ...base, actual: 0.5 })).toThrow(/actual/);
    expect(() => reconcile({ ...base, maxCorrection: 0 })).toThrow(/maxCorrection/);
  });
});

const inputs = fc.record({
  actual: position(1000),
  target: position(1000),
  inFlight: fc.boolean(),
  policy: fc.constantFrom<DriftPolicy>('repair', 'alert', 'off'),
  tolerance: fc.integer({ min: 0, max: 20 }),
  maxCorrection: fc.integer({ min: 1, max: 200 }),
});

describe('reconcile properties', () => {
  it('never trades more than the cap, nor beside an in-flight order, nor unless repairing', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = reconcile(input);
        if (r.action !== 'correct') return;
        expect(input.inFlight).toBe(false);
        expect(input.policy).toBe('repair');
        expect(r.legs.reduce((sum, leg) => sum + leg.size, 0)).toBeLessThanOrEqual(input.maxCorrection);
      }),
      runs,
    );
  });

  it('moves toward the target, reduce-only whenever |position| shrinks, and reaches it when uncapped', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = reconcile({ ...input, inFlight: false, policy: 'repair' });
        const drift = input.target - input.actual;
        if (Math.abs(drift) <= input.tolerance) {
          expect(r).toEqual({ action: 'none' });
          return;
        }
        if (r.action !== 'correct') throw new Error(`expected a correction, got ${r.action}`);
        let pos = input.actual;
        for (const leg of r.legs) {
          const next = pos + signedSize(leg);
          const shrinks = Math.abs(next) < Math.abs(pos) && Math.sign(next) !== -Math.sign(pos);
          expect(leg.reduceOnly).toBe(shrinks);
          pos = next;
        }
        expect(Math.abs(input.target - pos)).toBeLessThan(Math.abs(drift));
        expect(pos === input.target).toBe(!r.capped);
      }),
      runs,
    );
  });

  it('alerts exactly when drift exceeds tolerance under the alert policy', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = reconcile({ ...input, inFlight: false, policy: 'alert' });
        const beyond = Math.abs(input.target - input.actual) > input.tolerance;
        expect(r.action).toBe(beyond ? 'alert' : 'none');
      }),
      runs,
    );
  });
});

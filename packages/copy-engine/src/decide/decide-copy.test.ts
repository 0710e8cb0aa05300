import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planOrders, signedSize } from '../orders/plan-orders.ts';
import { applyUpdate } from '../state/apply-update.ts';
import {
  baseSettings,
  fillSequence,
  nonNegativeDecimal,
  position,
  positiveDecimal,
  runs,
  settings,
} from '../test-support/arbitraries.ts';
import type { TargetState } from '../types/target-state.ts';
import { type DecideInput, decideCopy } from './decide-copy.ts';

const base: DecideInput = {
  settings: { ...baseSettings, multiplier: '0.5' },
  symbol: 'BTCUSD',
  masterPosition: 10,
  lastTarget: 0,
  masterEquity: '10000',
  followerAvailableBalance: '1000',
  followerEquity: '1000',
  peakEquity: '1000',
  dayStartEquity: '1000',
  availableBalance: '1000',
  contractValue: '0.001',
  price: '60000',
  masterPrice: '60000',
  leverage: '10',
};

describe('decideCopy', () => {
  it('copies with the sized target', () => {
    expect(decideCopy(base)).toEqual({ ok: true, target: 5, ratio: '0.5' });
  });

  it('keeps the reducing half of a refused flip', () => {
    const r = decideCopy({ ...base, lastTarget: 3, masterPosition: -10, availableBalance: '0' });
    expect(r).toMatchObject({ ok: false, reason: 'insufficient_margin', target: 0 });
  });

  it('closes a wrong-side follower even when the size cannot be computed', () => {
    const broken = { ...base.settings, multiplier: 'oops' };
    expect(decideCopy({ ...base, settings: broken, lastTarget: -2 })).toMatchObject({
      ok: false,
      reason: 'invalid_settings',
      target: 0,
    });
    expect(decideCopy({ ...base, settings: broken, lastTarget: 2 })).toMatchObject({ target: 2 });
  });
});

const world = fc.record({
  settings: fc
    .tuple(settings(), fc.constantFrom<'active' | 'close_only'>('active', 'close_only'))
    .map(([s, status]) => ({
      ...s,
      status,
    })),
  masterEquity: positiveDecimal(1_000_000, 2),
  followerAvailableBalance: nonNegativeDecimal(1_000_000, 2),
  followerEquity: nonNegativeDecimal(1_000_000, 2),
  peakEquity: nonNegativeDecimal(1_000_000, 2),
  availableBalance: nonNegativeDecimal(10_000_000, 2),
  contractValue: positiveDecimal(1, 4),
  price: positiveDecimal(100_000, 2),
  leverage: positiveDecimal(50, 0),
});

describe('decideCopy + applyUpdate over a master fill sequence', () => {
  it('legs add up to the final target, every refusal only reduces, and a master exit closes the follower', () => {
    fc.assert(
      fc.property(world, fillSequence(position(2000)), (w, fills) => {
        let state: TargetState | null = null;
        let sent = 0;
        for (const fill of fills) {
          const lastTarget = state?.lastTarget ?? 0;
          const d = decideCopy({ ...base, ...w, masterPosition: fill.target, lastTarget });
          if (!d.ok) for (const leg of planOrders(lastTarget, d.target)) expect(leg.reduceOnly).toBe(true);
          const r = applyUpdate(state, fill.seq, d.target);
          state = r.state;
          sent += r.legs.reduce((sum, leg) => sum + signedSize(leg), 0);
        }
        expect(sent).toBe(state?.lastTarget);
        if (fills.at(-1)?.target === 0) expect(state?.lastTarget).toBe(0);
      }),
      runs,
    );
  });
});

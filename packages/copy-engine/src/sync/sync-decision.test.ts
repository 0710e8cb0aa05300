import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { signedSize } from '../orders/plan-orders.ts';
import { position, runs } from '../test-support/arbitraries.ts';
import { type FollowDriftSettings, syncDecision } from './sync-decision.ts';

const repair: FollowDriftSettings = {
  driftPolicy: 'repair',
  driftTolerance: 0,
  maxCorrection: 5,
  repairReopen: true,
  frozen: false,
};
const base = { repairs: 0, maxRepairs: 3 };

describe('syncDecision', () => {
  it('repairs an exit the follower missed with a reduce-only close', () => {
    expect(syncDecision({ ...base, actual: 4, total: 0, follows: [repair] })).toEqual({
      action: 'correct',
      state: 'repairing',
      drift: -4,
      legs: [{ side: 'sell', size: 4, reduceOnly: true, leg: 'close' }],
      capped: false,
    });
  });

  it('caps a correction at the smallest max correction of the repairing follows', () => {
    const got = syncDecision({
      ...base,
      actual: 0,
      total: 9,
      follows: [repair, { ...repair, maxCorrection: 2 }],
    });
    expect(got).toMatchObject({ action: 'correct', capped: true, legs: [{ side: 'buy', size: 2 }] });
  });

  it('re-opens only when every follow allows it; reductions always go', () => {
    const noReopen = { ...repair, repairReopen: false };
    expect(syncDecision({ ...base, actual: 0, total: 3, follows: [noReopen] })).toMatchObject({
      action: 'alert',
    });
    expect(syncDecision({ ...base, actual: 5, total: 3, follows: [noReopen] })).toMatchObject({
      action: 'correct',
    });
  });

  it('alerts under alert, records under off, leaves a frozen follow’s position to its owner', () => {
    expect(
      syncDecision({ ...base, actual: 1, total: 3, follows: [{ ...repair, driftPolicy: 'alert' }] }),
    ).toMatchObject({ action: 'alert', state: 'drifting' });
    expect(
      syncDecision({ ...base, actual: 1, total: 3, follows: [{ ...repair, driftPolicy: 'off' }] }),
    ).toMatchObject({
      action: 'record',
    });
    expect(
      syncDecision({ ...base, actual: 1, total: 3, follows: [repair, { ...repair, frozen: true }] }),
    ).toEqual({
      action: 'none',
      state: 'frozen',
      drift: 2,
    });
  });

  it('stops chasing a drift that survives its repairs', () => {
    expect(syncDecision({ ...base, repairs: 3, actual: 1, total: 3, follows: [repair] })).toMatchObject({
      action: 'alert',
      state: 'failed',
    });
  });

  it('a correction never exceeds its cap and always moves toward the target', () => {
    fc.assert(
      fc.property(position(200), position(200), fc.integer({ min: 1, max: 50 }), (actual, total, cap) => {
        const d = syncDecision({ ...base, actual, total, follows: [{ ...repair, maxCorrection: cap }] });
        if (d.action !== 'correct') return;
        const moved = d.legs.reduce((sum, l) => sum + signedSize(l), 0);
        expect(Math.abs(moved)).toBeLessThanOrEqual(cap);
        expect(Math.abs(total - (actual + moved))).toBeLessThan(Math.abs(total - actual));
      }),
      runs,
    );
  });
});

// Shared fast-check generators for the copy-engine specs (test-only; nothing in src imports this).
import fc from 'fast-check';
import type { CopyMode, FollowSettings } from '../types/follow-settings.ts';

/** Every property runs at least this many cases. */
export const runs = { numRuns: 1000 } as const;

/** A positive decimal string with up to `scale` fraction digits, in (0, maxUnits]. */
export const positiveDecimal = (maxUnits: number, scale = 4): fc.Arbitrary<string> =>
  fc.integer({ min: 1, max: maxUnits * 10 ** scale }).map((n) => {
    const s = n.toString().padStart(scale + 1, '0');
    return scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  });

/** A non-negative decimal string (may be '0.0000'). */
export const nonNegativeDecimal = (maxUnits: number, scale = 4): fc.Arbitrary<string> =>
  fc.oneof(fc.constant('0'), positiveDecimal(maxUnits, scale));

export const position = (max = 10_000): fc.Arbitrary<number> => fc.integer({ min: -max, max });

export const baseSettings: FollowSettings = {
  mode: 'multiplier',
  reverse: false,
  multiplier: '1',
  symbolAllowList: [],
  symbolDenyList: [],
  slippageAction: 'skip',
  driftPolicy: 'repair',
  driftTolerance: 0,
  maxCorrection: 10,
  status: 'active',
};

const modeFields = (mode: CopyMode): fc.Arbitrary<Partial<FollowSettings>> => {
  switch (mode) {
    case 'multiplier':
      return fc.record({ multiplier: positiveDecimal(20) });
    case 'fixed_lot':
      return fc.record({ lotSize: fc.integer({ min: 1, max: 500 }) });
    case 'capital_allocation':
      return fc.record({ capitalAllocated: positiveDecimal(1_000_000, 2) });
    case 'balance_percentage':
      return fc.record({ balancePercentage: positiveDecimal(100, 2).filter((p) => Number(p) <= 100) });
  }
};

/** Valid settings in any mode, with or without caps and risk limits. */
export const settings = (status: FollowSettings['status'] = 'active'): fc.Arbitrary<FollowSettings> =>
  fc
    .constantFrom<CopyMode>('multiplier', 'fixed_lot', 'capital_allocation', 'balance_percentage')
    .chain((mode) =>
      fc.tuple(
        fc.constant(mode),
        modeFields(mode),
        fc.record(
          {
            reverse: fc.boolean(),
            maxPosition: fc.integer({ min: 0, max: 2_000 }),
            maxNotional: nonNegativeDecimal(1_000_000, 2),
            maxDrawdownPct: positiveDecimal(100, 2).filter((p) => Number(p) <= 100),
            dailyLossLimit: positiveDecimal(100_000, 2),
            slippageLimitPct: nonNegativeDecimal(50, 2),
            slippageAction: fc.constantFrom<FollowSettings['slippageAction']>('skip', 'limit'),
          },
          { requiredKeys: ['reverse', 'slippageAction'] },
        ),
      ),
    )
    .map(([mode, fields, extra]) => ({
      ...baseSettings,
      mode,
      multiplier: undefined,
      ...fields,
      ...extra,
      status,
    }));

/** Updates as the listener emits them: seq strictly increasing (gaps allowed), one value per fill. */
export const fillSequence = (values: fc.Arbitrary<number>): fc.Arbitrary<{ seq: number; target: number }[]> =>
  fc
    .array(fc.record({ gap: fc.integer({ min: 1, max: 3 }), target: values }), {
      minLength: 1,
      maxLength: 30,
    })
    .map((steps) => {
      let seq = 0;
      return steps.map((s) => {
        seq += s.gap;
        return { seq, target: s.target };
      });
    });

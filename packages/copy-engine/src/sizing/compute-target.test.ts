import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CopyEngineInputError } from '../decimal/copy-engine-input-error.ts';
import { Dec } from '../decimal/decimal.ts';
import { baseSettings, position, positiveDecimal, runs, settings } from '../test-support/arbitraries.ts';
import { exactTarget } from '../test-support/rational.ts';
import { computeTarget, type TargetInput } from './compute-target.ts';

const market = fc.record({
  masterEquity: positiveDecimal(1_000_000, 2),
  followerAvailableBalance: positiveDecimal(1_000_000, 2),
  contractValue: positiveDecimal(10, 4),
  price: positiveDecimal(100_000, 2),
});
const inputs = fc
  .tuple(position(), settings(), market)
  .map(([masterPosition, s, m]): TargetInput => ({ masterPosition, settings: s, ...m }));

describe('computeTarget properties', () => {
  it('never exceeds maxPosition or the notional cap', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = computeTarget(input);
        if (!r.ok) return;
        const { maxPosition, maxNotional } = input.settings;
        if (maxPosition !== undefined) expect(Math.abs(r.target)).toBeLessThanOrEqual(maxPosition);
        if (maxNotional !== undefined) {
          const notional = new Dec(Math.abs(r.target)).mul(input.contractValue).mul(input.price);
          expect(notional.lte(maxNotional)).toBe(true);
        }
      }),
      runs,
    );
  });

  it("has the master's sign (the opposite with reverse) or is 0", () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = computeTarget(input);
        if (!r.ok) return;
        expect(Number.isSafeInteger(r.target)).toBe(true);
        const expected = Math.sign(input.masterPosition) * (input.settings.reverse ? -1 : 1);
        expect([0, expected]).toContain(Math.sign(r.target));
      }),
      runs,
    );
  });

  it('is exactly trunc(r * P) when no cap binds (checked against BigInt fractions)', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const s = { ...input.settings, maxPosition: undefined, maxNotional: undefined };
        const r = computeTarget({ ...input, settings: s });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.capped).toBeUndefined();
        const expected =
          s.mode === 'fixed_lot'
            ? BigInt(Math.sign(input.masterPosition) * (s.reverse ? -1 : 1) * (s.lotSize ?? 0))
            : exactTarget(
                s,
                input.masterPosition,
                input.masterEquity ?? '',
                input.followerAvailableBalance ?? '',
              );
        expect(BigInt(r.target)).toBe(expected);
        expect(r.uncapped).toBe(r.target);
      }),
      runs,
    );
  });

  it('clamps to the tighter cap and names it', () => {
    fc.assert(
      fc.property(inputs, (input) => {
        const r = computeTarget(input);
        const free = computeTarget({
          ...input,
          settings: { ...input.settings, maxPosition: undefined, maxNotional: undefined },
        });
        if (!r.ok || !free.ok) return;
        expect(r.uncapped).toBe(free.target);
        if (r.capped === undefined) expect(r.target).toBe(free.target);
        else expect(Math.abs(r.target)).toBeLessThan(Math.abs(free.target));
      }),
      runs,
    );
  });

  it('sends every follower to 0 when the master exits, whatever the settings or market data', () => {
    fc.assert(
      fc.property(settings(), fc.string(), (s, junk) => {
        const broken = { ...s, mode: 'multiplier' as const, multiplier: junk };
        const r = computeTarget({ masterPosition: 0, settings: broken, contractValue: junk, price: junk });
        expect(r).toEqual({ ok: true, target: 0, uncapped: 0, ratio: '0' });
      }),
      runs,
    );
  });
});

describe('computeTarget guards', () => {
  const input: TargetInput = {
    masterPosition: 5,
    settings: baseSettings,
    contractValue: '0.001',
    price: '60000',
  };

  it('rejects fractional positions and non-finite decimals with an input error', () => {
    expect(() => computeTarget({ ...input, masterPosition: 1.5 })).toThrow(CopyEngineInputError);
    expect(() => computeTarget({ ...input, price: 'NaN' })).toThrow(/price: must be a finite decimal string/);
    expect(() => computeTarget({ ...input, contractValue: 'Infinity' })).toThrow(CopyEngineInputError);
    expect(() => computeTarget({ ...input, price: '0x10' })).toThrow(CopyEngineInputError);
  });

  it('skips when master equity is not positive in an equity-based mode', () => {
    const s = { ...baseSettings, mode: 'capital_allocation' as const, capitalAllocated: '1000' };
    expect(computeTarget({ ...input, settings: s, masterEquity: '0' })).toMatchObject({
      ok: false,
      reason: 'invalid_input',
    });
    expect(computeTarget({ ...input, settings: s })).toMatchObject({ ok: false, reason: 'invalid_input' });
  });

  it('skips invalid settings and non-positive prices', () => {
    expect(computeTarget({ ...input, settings: { ...baseSettings, multiplier: '-2' } })).toMatchObject({
      ok: false,
      reason: 'invalid_settings',
      detail: 'multiplier must be a decimal > 0',
    });
    expect(computeTarget({ ...input, price: '0' })).toMatchObject({ ok: false, reason: 'invalid_input' });
  });

  it('skips a target beyond the safe integer range instead of losing precision', () => {
    const huge = { ...baseSettings, multiplier: '1e20' };
    expect(computeTarget({ ...input, settings: huge })).toMatchObject({ ok: false, reason: 'invalid_input' });
    expect(computeTarget({ ...input, settings: { ...huge, maxPosition: 100 } })).toMatchObject({
      ok: true,
      target: 100,
      capped: 'max_position',
    });
  });
});

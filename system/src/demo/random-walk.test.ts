import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextPauseMs, nextWalkStep, type WalkLimits } from './random-walk.ts';
import { shouldStayUp } from './stay-up.ts';

const unit = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
/** A random source that plays back the given numbers, then repeats them. */
const playback = (numbers: number[]) => {
  let i = 0;
  return () => numbers[i++ % numbers.length]!;
};
const limitsArb = fc.record({
  bound: fc.integer({ min: 1, max: 500 }),
  maxTrade: fc.integer({ min: 1, max: 100 }),
  flatChance: fc.double({ min: 0, max: 1, noNaN: true }),
});

describe('the master random walk', () => {
  it('never takes the position beyond its bound, and every trade is whole contracts that move it', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.array(unit, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 200 }),
        (limits, numbers, steps) => {
          const random = playback(numbers);
          let position = 0;
          for (let i = 0; i < steps; i += 1) {
            const step = nextWalkStep(position, limits, random);
            expect(Number.isInteger(step.size) && step.size >= 1).toBe(true);
            expect(step.size).toBeLessThanOrEqual(Math.max(limits.maxTrade, limits.bound));
            expect(step.after).toBe(position + (step.side === 'buy' ? step.size : -step.size));
            expect(Math.abs(step.after)).toBeLessThanOrEqual(limits.bound);
            expect(step.exit).toBe(step.after === 0);
            position = step.after;
          }
        },
      ),
    );
  });

  it('from a position at its bound, only trades back toward flat', () => {
    fc.assert(
      fc.property(
        limitsArb,
        fc.boolean(),
        fc.array(unit, { minLength: 3, maxLength: 3 }),
        (limits, long, numbers) => {
          const position = long ? limits.bound : -limits.bound;
          const step = nextWalkStep(position, limits, playback(numbers));
          expect(step.side).toBe(long ? 'sell' : 'buy');
        },
      ),
    );
  });

  it('closes the whole position when the flat chance comes up, and never "exits" when already flat', () => {
    const limits: WalkLimits = { bound: 100, maxTrade: 20, flatChance: 0.2 };
    expect(nextWalkStep(37, limits, playback([0.1]))).toEqual({
      side: 'sell',
      size: 37,
      after: 0,
      exit: true,
    });
    expect(nextWalkStep(-12, limits, playback([0.19]))).toEqual({
      side: 'buy',
      size: 12,
      after: 0,
      exit: true,
    });
    // Flat: the first number picks the side (buy below 0.5), the second the size (1..20).
    expect(nextWalkStep(0, limits, playback([0.3, 0.99]))).toEqual({
      side: 'buy',
      size: 20,
      after: 20,
      exit: false,
    });
    expect(nextWalkStep(0, limits, playback([0.7, 0]))).toEqual({
      side: 'sell',
      size: 1,
      after: -1,
      exit: false,
    });
  });

  it('cuts a trade at the bound', () => {
    const limits: WalkLimits = { bound: 10, maxTrade: 8, flatChance: 0 };
    // Not flat (0.9); at +6 the buy chance is 0.2, so 0.1 buys; 0.99 wants 8 but only 4 fit.
    expect(nextWalkStep(6, limits, playback([0.9, 0.1, 0.99]))).toEqual({
      side: 'buy',
      size: 4,
      after: 10,
      exit: false,
    });
  });

  it('comes back to flat now and then over a long walk', () => {
    const limits: WalkLimits = { bound: 50, maxTrade: 10, flatChance: 0.1 };
    let seed = 7;
    // A small deterministic generator (Park–Miller), so the example does not depend on Math.random.
    const random = () => {
      seed = (seed * 48_271) % 2_147_483_647;
      return (seed - 1) / 2_147_483_646;
    };
    let position = 0;
    let exits = 0;
    for (let i = 0; i < 200; i += 1) {
      const step = nextWalkStep(position, limits, random);
      if (step.exit) exits += 1;
      position = step.after;
    }
    expect(exits).toBeGreaterThan(5);
  });

  it('refuses limits or a position it cannot keep to', () => {
    const random = playback([0.5]);
    expect(() => nextWalkStep(0, { bound: 0, maxTrade: 1, flatChance: 0 }, random)).toThrow(/bound 0/);
    expect(() => nextWalkStep(0, { bound: 5, maxTrade: 1.5, flatChance: 0 }, random)).toThrow(/maxTrade 1.5/);
    expect(() => nextWalkStep(6, { bound: 5, maxTrade: 1, flatChance: 0 }, random)).toThrow(/outside ±5/);
  });

  it('pauses between the given bounds', () => {
    fc.assert(
      fc.property(unit, (u) => {
        const ms = nextPauseMs(2_000, 4_000, () => u);
        expect(ms).toBeGreaterThanOrEqual(2_000);
        expect(ms).toBeLessThanOrEqual(4_000);
      }),
    );
  });
});

describe('whether the demo stays up after its summary', () => {
  it('stays up only on a terminal without --exit', () => {
    expect(shouldStayUp({ stdoutIsTTY: true, argv: ['node', 'main.ts'] })).toBe(true);
    expect(shouldStayUp({ stdoutIsTTY: true, argv: ['node', 'main.ts', '--exit'] })).toBe(false);
    // Node leaves isTTY undefined on a pipe or file (CI, scripts).
    expect(shouldStayUp({ stdoutIsTTY: undefined, argv: ['node', 'main.ts'] })).toBe(false);
    expect(shouldStayUp({ stdoutIsTTY: false, argv: ['node', 'main.ts'] })).toBe(false);
  });
});

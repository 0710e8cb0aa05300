import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { budgetLine, cpuBudget, roleOf } from './cpu-budget.ts';

const names = [
  'executor',
  'mapper',
  'listener',
  'audit',
  'exit-sync',
  'exchange-sim',
  'redis',
  'postgres',
  'bench-driver',
];
const perCopy = fc.array(fc.tuple(fc.constantFrom(...names), fc.double({ min: 0, max: 10, noNaN: true })), {
  maxLength: 12,
});

describe('cpuBudget', () => {
  it('splits a fan-out by who spends the CPU, and the rates follow from the cores', () => {
    const b = cpuBudget(2, [
      ['executor', 0.8],
      ['mapper', 0.5],
      ['audit', 0.3],
      ['exchange-sim', 0.5],
      ['redis', 0.25],
      ['postgres', 0.25],
      ['bench-driver', 0.1],
    ]);
    expect(b.msPerCopy.ours).toBeCloseTo(1.6);
    expect(b.msPerCopy.exchange).toBeCloseTo(0.5);
    expect(b.msPerCopy.servers).toBeCloseTo(0.5);
    expect(b.msPerCopy.harness).toBeCloseTo(0.1);
    // 2.6 ms per copy: 2,000 ms of CPU a second buys 769 copies; without ours, 1 ms buys 2,000.
    expect(b.maxCopiesPerSecond).toBeCloseTo(769.2, 1);
    expect(b.maxCopiesPerSecondPerCore).toBeCloseTo(384.6, 1);
    expect(b.maxCopiesPerSecondWithoutOurs).toBeCloseTo(2_000);
    expect(budgetLine('at 1000', b)).toBe(
      '  CPU budget at 1000: 2.60 ms per copy (ours 1.60, simulator 0.50, Redis and PostgreSQL 0.50) → at most 769 copies/s on 2 cores (384 per core); 2,000/s if ours cost nothing',
    );
  });

  it('never allows more than the CPU of what remains, and the harness never counts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), perCopy, (cores, entries) => {
        const b = cpuBudget(cores, entries);
        expect(b.maxCopiesPerSecondWithoutOurs).toBeGreaterThanOrEqual(b.maxCopiesPerSecond);
        if (Number.isFinite(b.maxCopiesPerSecond)) {
          const perCores = b.maxCopiesPerSecondPerCore * cores;
          expect(Math.abs(perCores - b.maxCopiesPerSecond)).toBeLessThanOrEqual(1e-9 * b.maxCopiesPerSecond);
        }
        const withHarness = cpuBudget(cores, [...entries, ['bench-driver', 5]]);
        expect(withHarness.maxCopiesPerSecond).toBe(b.maxCopiesPerSecond);
      }),
    );
  });

  it('allows fewer copies a second when any process costs more', () => {
    fc.assert(
      fc.property(
        perCopy,
        fc.constantFrom(...names.filter((n) => roleOf(n) !== 'harness')),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (entries, name, extra) => {
          const before = cpuBudget(2, entries).maxCopiesPerSecond;
          expect(cpuBudget(2, [...entries, [name, extra]]).maxCopiesPerSecond).toBeLessThan(before);
        },
      ),
    );
  });

  it('refuses a figure that is not a CPU time, and cores that are not a machine', () => {
    expect(() => cpuBudget(2, [['executor', -1]])).toThrow(/executor must be ≥ 0/);
    expect(() => cpuBudget(2, [['executor', Number.NaN]])).toThrow(/executor/);
    expect(() => cpuBudget(0, [])).toThrow(/cores/);
    expect(() => cpuBudget(1.5, [])).toThrow(/cores/);
  });

  it('says "∞" while nothing was spent', () => {
    expect(budgetLine('at 1', cpuBudget(2, []))).toContain('at most ∞ copies/s');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRuns, median, type RunFigures, runOrder } from './ab-compare.ts';

const run = (followers: number, last: number | null, executor: number): RunFigures =>
  new Map([
    [
      followers,
      {
        followers,
        lastFollowerP50Ms: last,
        copyP50Ms: last,
        cpuPerCopyMs: { executor },
        peakRssMb: { executor: 150 },
      },
    ],
  ]);

describe('runOrder', () => {
  it('alternates which side goes first, so each side runs first in half the pairs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (pairs) => {
        const order = runOrder(pairs);
        expect(order).toHaveLength(pairs);
        for (const pair of order) expect([...pair].sort()).toEqual(['A', 'B']);
        const aFirst = order.filter((p) => p[0] === 'A').length;
        expect(aFirst - (pairs - aFirst)).toBeGreaterThanOrEqual(0);
        expect(aFirst - (pairs - aFirst)).toBeLessThanOrEqual(1);
      }),
    );
  });
});

describe('median', () => {
  it('has as many values at or below it as at or above it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (xs) => {
          const m = median(xs)!;
          expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(xs.length / 2);
          expect(xs.filter((x) => x >= m).length).toBeGreaterThanOrEqual(xs.length / 2);
        },
      ),
    );
    expect(median([])).toBeNull();
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });
});

describe('compareRuns', () => {
  it('divides B by A within each pair, so a drift that slows both runs of a pair cancels', () => {
    // The machine slows by 1.5x per pair; B is 10 % faster than A throughout.
    const a = [run(1000, 1000, 0.8), run(1000, 1500, 1.2), run(1000, 2250, 1.8)];
    const b = [run(1000, 900, 0.72), run(1000, 1350, 1.08), run(1000, 2025, 1.62)];
    const [c] = compareRuns(a, b);
    expect(c!.followers).toBe(1000);
    const last = c!.metrics.find((m) => m.name === 'last follower p50 ms')!;
    expect(last.a).toEqual([1000, 1500, 2250]);
    expect(last.ratios.map((r) => r.toFixed(6))).toEqual(['0.900000', '0.900000', '0.900000']);
    expect(last.medianRatio).toBeCloseTo(0.9);
    expect(c!.metrics.find((m) => m.name === 'CPU ms per copy: executor')!.medianRatio).toBeCloseTo(0.9);
    expect(c!.metrics.find((m) => m.name === 'peak RSS MB: executor')!.medianRatio).toBe(1);
  });

  it('leaves out of the ratios a pair where either side has no figure, and refuses unequal runs', () => {
    const [c] = compareRuns([run(10, null, 1), run(10, 20, 1)], [run(10, 30, 1), run(10, 10, 1)]);
    const last = c!.metrics.find((m) => m.name === 'last follower p50 ms')!;
    expect(last.a).toEqual([null, 20]);
    expect(last.ratios).toEqual([0.5]);
    expect(() => compareRuns([run(10, 1, 1)], [])).toThrow('as many runs');
  });

  it('compares the CPU counted until the audit caught up, where a side reports it', () => {
    const audited = (followers: number, audit: number, caughtUpMs: number): RunFigures => {
      const figures = run(followers, 100, 0.3);
      const f = figures.get(followers)!;
      figures.set(followers, { ...f, cpuPerCopyUntilAuditedMs: { audit }, auditCaughtUpMs: caughtUpMs });
      return figures;
    };
    const [c] = compareRuns(
      [audited(1000, 0.2, 3000), audited(1000, 0.3, 4000)],
      [audited(1000, 0.1, 1500), audited(1000, 0.15, 2000)],
    );
    const audit = c!.metrics.find((m) => m.name === 'CPU ms per copy until audited: audit')!;
    expect(audit.ratios).toEqual([0.5, 0.5]);
    expect(c!.metrics.find((m) => m.name === 'audit caught up ms')!.medianRatio).toBe(0.5);
    // An older checkout's reports have no such figure: its side shows none, and no ratio is made.
    const [old] = compareRuns([run(1000, 100, 0.3)], [audited(1000, 0.1, 1500)]);
    const oldAudit = old!.metrics.find((m) => m.name === 'CPU ms per copy until audited: audit')!;
    expect(oldAudit.a).toEqual([null]);
    expect(oldAudit.ratios).toEqual([]);
  });

  it("compares the counts per copy (Redis's, PostgreSQL's, each process's writes and wake-ups), which the machine's speed does not move", () => {
    const counted = (commands: number, transactions: number): RunFigures => {
      const figures = run(1000, 300, 0.3);
      const f = figures.get(1000)!;
      figures.set(1000, {
        ...f,
        writeSyscallsPerCopy: { executor: commands / 2 },
        wakeupsPerCopy: { executor: transactions * 4 },
        serverCallsPerCopy: {
          redisCommands: commands,
          redisScripts: commands / 3,
          redisScriptUsec: 300,
          postgresTransactions: transactions,
        },
      });
      return figures;
    };
    const [c] = compareRuns([counted(50, 2), counted(52, 2)], [counted(30, 1), counted(31.2, 1)]);
    expect(c!.metrics.find((m) => m.name === 'Redis commands per copy')!.ratios).toEqual([0.6, 0.6]);
    expect(c!.metrics.find((m) => m.name === 'PostgreSQL transactions per copy')!.medianRatio).toBe(0.5);
    expect(c!.metrics.find((m) => m.name === 'write syscalls per copy: executor')!.ratios).toEqual([
      0.6, 0.6,
    ]);
    expect(c!.metrics.find((m) => m.name === 'wake-ups per copy: executor')!.medianRatio).toBe(0.5);
    const [old] = compareRuns([run(1000, 300, 0.3)], [counted(30, 1)]);
    expect(old!.metrics.find((m) => m.name === 'Redis commands per copy')!).toMatchObject({
      a: [null],
      ratios: [],
    });
  });
});

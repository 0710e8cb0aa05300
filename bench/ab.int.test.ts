// `pnpm bench:ab` as a smoke test: one pair of tiny runs, each side's report read and compared; and
// the options it refuses. Never the timings.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'bench-ab-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
const ab = (...args: string[]) =>
  promisify(execFile)(process.execPath, ['bench/ab.ts', ...args], { cwd: root, timeout: 170_000 });

describe('pnpm bench:ab', () => {
  it('runs A and B alternately and compares them pair by pair', async () => {
    const { stdout } = await ab(
      '--fan-out',
      '1',
      '--fills',
      '2',
      '--pairs',
      '1',
      '--b-env',
      'WALLET_STREAMS=true',
      '--latency',
      '5-10',
      '--max-gap-ms',
      '40',
      '--out',
      out,
    );
    expect(stdout).toContain('B: this checkout WALLET_STREAMS=true');
    const report = JSON.parse(readFileSync(join(out, 'ab.json'), 'utf8'));
    expect(report).toMatchObject({
      pairs: 1,
      order: [['A', 'B']],
      b: { env: { WALLET_STREAMS: 'true' } },
      exchangeLatency: { ms: 5, jitterMs: 5 },
      maxGapMs: 40,
    });
    // Both sides ran at that latency: the simulator held every order 5–10 ms before taking it.
    for (const side of ['A-1', 'B-1']) {
      const run = JSON.parse(readFileSync(join(out, side, 'latest.json'), 'utf8'));
      expect(run.profiles.map((p: { exchangeLatency: unknown }) => p.exchangeLatency)).toEqual([
        { ms: 5, jitterMs: 5 },
      ]);
      expect(run.method.maxGapMs).toBe(40);
    }
    const [fanOut] = report.comparisons;
    expect(fanOut.followers).toBe(1);
    const last = fanOut.metrics.find((m: { name: string }) => m.name === 'last follower p50 ms');
    expect(last.a).toHaveLength(1);
    // A copy order that answers no fill would make these negative: the run's report names it.
    const unpaired = ['A-1', 'B-1'].map((side) => {
      const run = JSON.parse(readFileSync(join(out, side, 'latest.json'), 'utf8'));
      return `${side}: ${JSON.stringify(run.profiles.flatMap((p: { fanOut: { ours: object }[] }) => p.fanOut.map((f) => f.ours)))}`;
    });
    expect(last.a[0], unpaired.join('\n')).toBeGreaterThan(5);
    expect(last.b[0], unpaired.join('\n')).toBeGreaterThan(5);
    expect(last.ratios).toHaveLength(1);
    const cpu = fanOut.metrics.map((m: { name: string }) => m.name);
    expect(cpu).toEqual(
      expect.arrayContaining(['CPU ms per copy: executor', 'CPU ms per copy: mapper', 'peak RSS MB: mapper']),
    );
  }, 180_000);

  it('refuses bad options before it runs anything', async () => {
    for (const [args, message] of [
      [['--fan-out', '1', '--b-env', 'X=1', '--pairs', '0'], '--pairs takes 1 to 20'],
      [['--b-env', 'X=1'], '--fan-out is required'],
      [['--fan-out', '1', '--b-env', 'lower=1'], '--b-env takes KEY=VALUE'],
      [['--fan-out', '1'], 'A and B are the same'],
      [['--fan-out', '1', '--b-checkout', out], 'is not a checkout with bench/run.ts'],
      [['--fan-out', '1', '--b-env', 'X=1', '--latency', '50-20'], '--latency takes milliseconds'],
      [['--fan-out', '1', '--b-env', 'X=1', '--max-gap-ms', 'soon'], '--max-gap-ms takes whole milliseconds'],
    ] as const) {
      await expect(ab(...args)).rejects.toMatchObject({ stderr: expect.stringContaining(message) });
    }
  });
});

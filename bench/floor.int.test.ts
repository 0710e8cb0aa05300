// `pnpm bench:floor` as a smoke test: the chain runs end to end and every run's order reaches the
// simulator once (the script checks the simulator's record and fails otherwise); never the timings.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

describe('pnpm bench:floor', () => {
  it('runs the chain to the simulator and times a round trip after each pause', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bench/floor.ts', '--runs', '10', '--max-gap-ms', '5'],
      { cwd: root, timeout: 110_000 },
    );
    // 200 warm-up chains, then each run's chain back to back and after a pause.
    expect(stdout).toContain('orders taken by the simulator: 220 for 220 chains');
    expect(stdout).toMatch(/back to back: +p50 \d+\.\d+ \/ p90 \d+\.\d+ \/ p99 \d+\.\d+ ms/);
    for (const probe of ['Redis PING', 'PostgreSQL SELECT 1', 'HTTP GET'])
      expect(stdout).toMatch(new RegExp(`${probe}.* \\d+ / \\d+ / \\d+\\n`));
  }, 120_000);

  it('refuses a run count it cannot use', async () => {
    const failed = promisify(execFile)(process.execPath, ['bench/floor.ts', '--runs', '3'], { cwd: root });
    await expect(failed).rejects.toMatchObject({
      stderr: expect.stringContaining('--runs takes 10 to 10000'),
    });
  });
});

// `pnpm bench --quick` as CI runs it: a smoke test of the whole benchmark (every process, the
// baseline, the report), judged by what the simulator recorded, never by how fast it was.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'bench-quick-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// What the report measures: the system's processes, and the driver's own (it shares the cores).
const SERVICES = ['exchange-sim', 'listener', 'mapper', 'executor', 'audit', 'exit-sync', 'bench-driver'];

describe('pnpm bench --quick', () => {
  it('copies every fill to every follower, ours and the baseline, and writes a complete report', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bench/run.ts', '--quick', '--out', out],
      { cwd: root, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toContain('sustained:');
    expect(stdout).toMatch(/CPU budget sustained: [\d.]+ ms per copy/);
    const report = JSON.parse(readFileSync(join(out, 'quick-latest.json'), 'utf8'));
    expect(report).toMatchObject({
      version: 1,
      quick: true,
      traced: false,
      baseline: true,
      command: 'pnpm bench --quick --out ' + out,
    });
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.model).toEqual(expect.any(String));
    expect(report.machine.ramBytes).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    expect(report.machine.loadAverageAtEnd).toHaveLength(3);
    expect(report.profiles).toHaveLength(1);
    const [profile] = report.profiles;
    expect(profile.exchangeLatency).toEqual({ ms: 0, jitterMs: 0 });
    expect(profile.fanOut.map((f: { followers: number }) => f.followers)).toEqual([1, 10]);
    for (const f of profile.fanOut) {
      const expected = (f.fills + f.warmupFills) * f.followers;
      for (const side of [f.ours, f.baseline]) {
        // The simulator took an order on every follower account for every master fill.
        expect(side).toMatchObject({ received: expected, expected, incompleteFills: 0 });
        expect(side.copyLatencyMs.count).toBe(f.fills * f.followers);
        expect(side.samplesMs).toHaveLength(f.fills * f.followers);
        expect(side.lastFollowerSamplesMs).toHaveLength(f.fills);
        expect(side.copyLatencyMs.p50).toBeGreaterThan(0);
        expect(side.lastFollowerMs.max).toBeGreaterThanOrEqual(side.copyLatencyMs.max);
      }
      expect(f.ratios.lastFollowerP50).toBeGreaterThan(0);
      // Untraced unless asked: no stages.
      expect(f.stages).toBeUndefined();
      expect(Object.keys(f.resources).sort()).toEqual([...SERVICES, 'baseline'].sort());
      for (const usage of Object.values(f.resources) as { cpuMs: number; peakRssMb: number }[]) {
        expect(usage.peakRssMb).toBeGreaterThan(0);
        expect(usage.cpuMs).toBeGreaterThanOrEqual(0);
      }
      // What the CPU per copy allows on these cores: ours and the exchange's measured, the baseline's left out.
      expect(f.cpuBudget.cores).toBe(report.machine.cores);
      expect(f.cpuBudget.msPerCopy.ours).toBeGreaterThan(0);
      expect(f.cpuBudget.msPerCopy.exchange).toBeGreaterThan(0);
      expect(f.cpuBudget.maxCopiesPerSecond).toBeGreaterThan(0);
      expect(f.cpuBudget.maxCopiesPerSecondWithoutOurs).toBeGreaterThan(f.cpuBudget.maxCopiesPerSecond);
      // And until the audit service had recorded those copies: its work (and PostgreSQL's) counted.
      expect(f.untilAudited.auditCaughtUpMs).toBeGreaterThanOrEqual(0);
      expect(f.untilAudited.resources.audit.cpuMs).toBeGreaterThanOrEqual(f.resources.audit.cpuMs);
      expect(f.cpuBudgetUntilAudited.msPerCopy.ours).toBeGreaterThanOrEqual(f.cpuBudget.msPerCopy.ours);
      expect(f.cpuBudgetUntilAudited.msPerCopy.servers).toBeGreaterThanOrEqual(f.cpuBudget.msPerCopy.servers);
      // Redis's and PostgreSQL's own counts: every copy takes scripts in Redis (the executor runs one per leg at least) and some transaction.
      expect(f.serverCalls.redisScripts).toBeGreaterThanOrEqual(f.ours.received);
      expect(f.serverCalls.redisCommands).toBeGreaterThan(f.serverCalls.redisScripts);
      expect(f.serverCalls.redisCallsByCommand.evalsha).toBeGreaterThan(0);
      expect(f.serverCalls.postgresTransactions).toBeGreaterThan(0);
      // Each process's write system calls and wake-ups: every copy is an HTTP request of its own to the
      // exchange, at least one write (a loaded machine folds a socket's queued writes into one).
      expect(f.untilAudited.resources.executor.writeSyscalls).toBeGreaterThanOrEqual(f.ours.received);
      expect(f.untilAudited.resources.executor.wakeups).toBeGreaterThan(0);
    }
    expect(stdout).toMatch(
      /write syscalls\/wake-ups per copy at 10 until audited: .*executor [\d.]+\/[\d.]+/,
    );
    expect(stdout).toMatch(
      /server calls per copy at 10 until audited: Redis [\d.]+ commands \([\d.]+ scripts, \d+ µs in them; most called: .*evalsha [\d.]+.*\); PostgreSQL [\d.]+ transactions/,
    );
    expect(stdout).toMatch(
      /CPU budget at 10 until audited \(\d+ ms after the last copy\): [\d.]+ ms per copy/,
    );
    expect(stdout).toMatch(/CPU budget at 10: [\d.]+ ms per copy .* copies\/s on \d+ cores/);
    const s = profile.sustained;
    expect(s.followerOrders).toBeGreaterThan(0);
    expect(s.perSecond).toHaveLength(s.seconds);
    expect(s.perSecond.reduce((a: number, b: number) => a + b, 0)).toBe(s.followerOrders);
    // Judged by positions: a fill decided after a newer one nets out and orders nothing (stale).
    expect(s.followersAtMasterPosition).toBe(true);
    expect(s.cpuBudget.msPerCopy.ours).toBeGreaterThan(0);
    expect(s.cpuBudget.maxCopiesPerSecond).toBeGreaterThan(0);
    expect(s.untilAudited.copies).toBeGreaterThanOrEqual(s.followerOrders);
    expect(s.cpuBudgetUntilAudited.msPerCopy.ours).toBeGreaterThan(0);
    expect(stdout).toMatch(/CPU budget sustained until audited: [\d.]+ ms per copy/);
    expect(s.copiesReceived).toBeGreaterThan(0);
    expect(s.serverCalls.redisScripts).toBeGreaterThanOrEqual(s.untilAudited.copies);
    expect(stdout).toMatch(/server calls per copy sustained until audited: Redis [\d.]+ commands/);
    expect(Object.keys(s.resources).sort()).toEqual([...SERVICES].sort());
  }, 180_000);

  it('with --trace --alone, runs ours without the baseline and breaks each fan-out into stages of its measured fills', async () => {
    const traced = join(out, 'traced');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bench/run.ts', '--fan-out', '1', '--fills', '3', '--trace', '--alone', '--out', traced],
      { cwd: root, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 },
    );
    expect(stdout).toContain('stages p50 ms at 1 (3 traced legs)');
    const report = JSON.parse(readFileSync(join(traced, 'latest.json'), 'utf8'));
    expect(report).toMatchObject({ traced: true, baseline: false });
    const [fanOut] = report.profiles[0].fanOut;
    // Ours alone: every fill copied, no seed-style copier ran.
    expect(fanOut.ours).toMatchObject({ incompleteFills: 0 });
    expect(fanOut.ours.received).toBe(fanOut.ours.expected);
    expect(fanOut.baseline).toBeNull();
    expect(fanOut.resources.baseline).toBeUndefined();
    // 100 warm-up fills came first: only the 3 measured ones count.
    expect(fanOut.warmupFills).toBeGreaterThan(0);
    expect(fanOut.stages.legs).toBe(3);
    for (const stage of ['seenToMapped', 'pickedUpToRequest', 'requestToAccepted', 'acceptedToAudited'])
      expect(fanOut.stages[stage].p50).toBeGreaterThan(0);
    const parts = ['seenToMapped', 'mappedToEnqueued', 'enqueuedToPickedUp', 'pickedUpToRequest'];
    for (const stage of parts) expect(fanOut.stages[stage].max).toBeLessThanOrEqual(fanOut.stages.total.max);
  }, 180_000);

  it('refuses bad options before it starts anything', async () => {
    const run = (...args: string[]) =>
      promisify(execFile)(process.execPath, ['bench/run.ts', ...args, '--out', out], { cwd: root });
    await expect(run('--fan-out', '10', '--profile', 'gateway')).rejects.toMatchObject({
      stderr: expect.stringContaining(
        '--profile takes one of audit, executor, mapper, exit-sync, listener, exchange-sim',
      ),
    });
    await expect(run('--fan-out', '0')).rejects.toMatchObject({
      stderr: expect.stringContaining('--fan-out takes follower counts between 1 and 5000'),
    });
    await expect(run('--latency', '20-50')).rejects.toMatchObject({
      stderr: expect.stringContaining('--latency goes with --fan-out or --sustained'),
    });
    await expect(run('--fan-out', '10', '--latency', 'slow')).rejects.toMatchObject({
      stderr: expect.stringContaining('--latency takes milliseconds from 0 to 10000'),
    });
    await expect(run('--max-gap-ms', '2000')).rejects.toMatchObject({
      stderr: expect.stringContaining('--max-gap-ms goes with --fan-out'),
    });
    await expect(run('--fan-out', '1', '--max-gap-ms=-5')).rejects.toMatchObject({
      stderr: expect.stringContaining('--max-gap-ms takes whole milliseconds from 0 to 10000'),
    });
  });
});

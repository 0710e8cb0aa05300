// `pnpm bench`: the copy path measured end to end. The simulator, every service (listener, mapper,
// executor, audit, exit-sync) and the seed-style baseline copier run as separate processes on the
// real Redis and PostgreSQL (own queue prefix and schema, removed afterwards); every latency is the
// gap between two timestamps taken inside the simulator (a master fill sent on its WebSocket → a
// follower order taken by its engine). Writes bench/results/<time>.json and latest.json.
// Usage: pnpm bench [--quick] [--seconds 60] [--out dir] [--fan-out 1,100,1000 [--fills 5]] [--sustained 100]
//   [--latency 20-50] [--max-gap-ms 300] [--profile mapper|executor|listener|audit|exit-sync|exchange-sim]
//   --quick: 1 and 10 followers, a few fills, 5 s sustained, 0 ms exchange latency; no timing judged.
//   --fan-out: only these fan-outs (--fills fills each after one warm-up), 0 ms exchange latency, no
//   sustained run: a quick before/after comparison while tuning one stage.
//   --sustained: (alone or with --fan-out) a sustained run with these followers, 0 ms, for --seconds (60).
//   --latency: (with --fan-out or --sustained) at this exchange latency instead of 0 ms: 30, or 20-50
//   (each REST request waits 20 ms + uniform 0-30 ms, the full run's realistic profile).
//   --max-gap-ms: (with --fan-out) the random pause before each measured fill is 0 to this (300; the
//   full run's 2000 lets the copy path's busy mark lapse between fills, as a master trading now and
//   then does).
//   --profile: that service writes a V8 CPU profile to the output directory when it stops.
//   --alone: (with --fan-out) without the seed-style copier, so ours has the cores to itself.
//   --trace: the services trace the copy path to the benchmark's own OTLP receiver, and each fan-out
//   reports its stages (fill seen → … → audited) over its measured fills; latencies then include tracing.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ephemeralVault } from '../packages/accounts/src/testing/index.ts';
import { createDb, migrate, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import { createRedis, defaultUrls, deleteKeysUnder } from '../packages/runtime/src/index.ts';
import { auditBacklogReader, waitForAuditCaughtUp } from './support/audit-backlog.ts';
import { serviceEnv, startBenchSimulator } from './support/bench-stage.ts';
import { budgetLine, type CpuBudget, cpuBudget } from './support/cpu-budget.ts';
import { parseLatency } from './support/latency-option.ts';
import { countPerCopy, cpuPerCopy } from './support/cpu-per-copy.ts';
import { describeMachine } from './support/machine.ts';
import { StageReader, type TracedStages } from './support/traced-stages.ts';
import { type BenchContext, fanOut, sustained } from './support/phases.ts';
import { spawnService, stopProcess, type WindowUsage } from './support/processes.ts';
import { createProgress } from './support/progress.ts';
import { type ServerCalls, serverCallsPerCopy } from './support/server-calls.ts';
import { control } from './support/sim-process.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    seconds: { type: 'string' },
    out: { type: 'string' },
    'fan-out': { type: 'string' },
    fills: { type: 'string' },
    profile: { type: 'string' },
    sustained: { type: 'string' },
    trace: { type: 'boolean', default: false },
    alone: { type: 'boolean', default: false },
    latency: { type: 'string' },
    'max-gap-ms': { type: 'string' },
  },
});
const quick = values.quick;
const focusSustained = values.sustained === undefined ? undefined : Number(values.sustained);
if (
  focusSustained !== undefined &&
  !(Number.isInteger(focusSustained) && focusSustained >= 1 && focusSustained <= 1_000)
)
  throw new Error('--sustained takes a follower count between 1 and 1000');
const focus = values['fan-out']?.split(',').map(Number) ?? (focusSustained === undefined ? undefined : []);
if (focus?.some((n) => !(Number.isInteger(n) && n >= 1 && n <= 5_000)))
  throw new Error('--fan-out takes follower counts between 1 and 5000, comma-separated');
const focusFills = Number(values.fills ?? 5);
const profiled = ['audit', 'executor', 'mapper', 'exit-sync', 'listener', 'exchange-sim'];
if (values.profile !== undefined && !profiled.includes(values.profile))
  throw new Error(`--profile takes one of ${profiled.join(', ')}`);
// The full run's report compares ours with the baseline: leaving it out is for focused runs only.
if (values.alone && values['fan-out'] === undefined) throw new Error('--alone goes with --fan-out');
// A focused run measures at one exchange latency, 0 ms unless told (the full run at both of its own).
if (values.latency !== undefined && focus === undefined)
  throw new Error('--latency goes with --fan-out or --sustained');
const focusLatency = parseLatency(values.latency ?? '0');
if (values['max-gap-ms'] !== undefined && values['fan-out'] === undefined)
  throw new Error('--max-gap-ms goes with --fan-out');
const focusGapMs = Number(values['max-gap-ms'] ?? 300);
if (!(Number.isInteger(focusGapMs) && focusGapMs >= 0 && focusGapMs <= 10_000))
  throw new Error('--max-gap-ms takes whole milliseconds from 0 to 10000');
const root = resolve(import.meta.dirname, '..');
const plan = focus
  ? {
      fanOut: focus.map((followers) => ({ followers, fills: focusFills, warmup: followers <= 10 ? 100 : 1 })),
      maxGapMs: focusGapMs,
      fillTimeout: { baseMs: 30_000, perFollowerMs: 50 },
      sustained:
        focusSustained === undefined
          ? undefined
          : {
              followers: focusSustained,
              seconds: Number(values.seconds ?? 60),
              maxBacklog: 10 * focusSustained,
            },
      profiles: [focusLatency],
    }
  : quick
    ? {
        fanOut: [
          { followers: 1, fills: 3, warmup: 1 },
          { followers: 10, fills: 3, warmup: 1 },
        ],
        maxGapMs: 300,
        fillTimeout: { baseMs: 10_000, perFollowerMs: 50 },
        sustained: { followers: 10, seconds: Number(values.seconds ?? 5), maxBacklog: 100 },
        profiles: [{ name: '0 ms', ms: 0, jitterMs: 0 }],
      }
    : {
        fanOut: [
          // Long-running services are warm: V8 optimises the copy path after a few hundred fills, and
          // until then a copy takes ~1.5 times as long (measured: p50 14 ms over the first 25 fills
          // after start, 8.3-8.9 ms after 100).
          { followers: 1, fills: 50, warmup: 200 },
          { followers: 10, fills: 20, warmup: 50 },
          { followers: 100, fills: 10, warmup: 1 },
          { followers: 1000, fills: 3, warmup: 1 },
        ],
        maxGapMs: 2_000,
        fillTimeout: { baseMs: 30_000, perFollowerMs: 50 },
        sustained: { followers: 100, seconds: Number(values.seconds ?? 60), maxBacklog: 1_000 },
        profiles: [
          { name: '0 ms', ms: 0, jitterMs: 0 },
          { name: '20–50 ms', ms: 20, jitterMs: 30 },
        ],
      };
if (plan.sustained && !(plan.sustained.seconds >= 1 && plan.sustained.seconds <= 3600))
  throw new Error('--seconds must be between 1 and 3600');
const outDir = resolve(
  values.out ??
    (quick || focus
      ? join(tmpdir(), quick ? 'copytrade-bench-quick' : 'copytrade-bench-focus')
      : join(root, 'bench/results')),
);

const run = randomBytes(3).toString('hex');
const prefix = `bench-${run}`;
const schema = `bench_${run}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const databaseUrl = withSchema(baseUrl, schema);
const progress = createProgress();
const startedAt = new Date();
const machineAtStart = describeMachine();
const configDir = mkdtempSync(join(tmpdir(), 'copytrade-bench-'));

const redis = createRedis(redisUrl, 'worker');
progress.update('migrating a fresh schema');
await migrate({ databaseUrl });
const db = createDb({ databaseUrl });
const children: ChildProcess[] = [];
const closers: (() => Promise<unknown>)[] = [];
let exitCode = 0;
try {
  progress.update('starting the simulator and the services');
  const cpuProfile = ['--cpu-prof', `--cpu-prof-dir=${outDir}`];
  const { sim, reader } = await startBenchSimulator(values.profile === 'exchange-sim' ? cpuProfile : []);
  children.push(sim.child);
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const stageReader = values.trace ? await StageReader.start() : undefined;
  if (stageReader) closers.push(() => stageReader.close());
  const env = {
    ...serviceEnv({ redisUrl, databaseUrl, prefix, keysSpec, activeKeyId }),
    ...stageReader?.env(),
  };
  const services = ['audit', 'executor', 'mapper', 'exit-sync', 'listener'].map((name) =>
    spawnService(name, root, env, name === values.profile ? cpuProfile : []),
  );
  children.push(...services.map((s) => s.child));
  const audit = auditBacklogReader(redis, prefix);
  closers.push(() => audit.close());
  const ctx: BenchContext = {
    root,
    simUrl: sim.url,
    db,
    redis,
    vault,
    reader,
    progress,
    processes: [
      { name: 'exchange-sim', pid: sim.child.pid },
      ...services.map((s) => ({ name: s.name, pid: s.child.pid })),
      // This process shares the cores with what it measures: its own cost is reported beside theirs.
      { name: 'bench-driver', pid: process.pid },
    ],
    configDir,
    profile: '',
    latencyMs: 0,
    fillTimeout: plan.fillTimeout,
    auditBacklog: audit.backlog,
  };

  const profiles: ProfileReport[] = [];
  for (const profile of plan.profiles) {
    ctx.profile = profile.name;
    ctx.latencyMs = profile.ms + profile.jitterMs;
    await control(sim.url, 'DELETE', '/faults', undefined);
    // Every REST request waits ms + uniform(0, jitter) before the exchange takes it.
    if (ctx.latencyMs > 0)
      await control(sim.url, 'POST', '/faults', {
        kind: 'latency',
        ms: profile.ms,
        jitterMs: profile.jitterMs,
      });
    const fanOuts = [];
    for (const size of plan.fanOut) {
      const measured = await fanOut(
        ctx,
        size.followers,
        size.fills,
        size.warmup,
        plan.maxGapMs,
        !values.alone,
      );
      fanOuts.push({
        ...measured,
        cpuBudget: cpuBudget(machineAtStart.cores, cpuPerCopy(measured)),
        // The same copies' cost once the audit service has recorded them too.
        cpuBudgetUntilAudited: cpuBudget(
          machineAtStart.cores,
          cpuPerCopy({ ours: measured.ours, ...measured.untilAudited }),
        ),
      });
    }
    const measuredSustained =
      plan.sustained &&
      (await sustained(ctx, plan.sustained.followers, plan.sustained.seconds, plan.sustained.maxBacklog));
    // Over the window: the audit's share is what it did then (it falls behind, see auditBacklog…).
    const throughput = measuredSustained && {
      ...measuredSustained,
      cpuBudget: cpuBudget(
        machineAtStart.cores,
        cpuPerCopy({
          ours: { received: measuredSustained.followerOrders },
          resources: measuredSustained.resources,
          serverCpuMs: measuredSustained.serverCpuMs ?? {},
        }),
      ),
      // From the window's start until the audit had recorded everything: what a rate costs when the
      // audit keeps up with it, per copy that arrived since that start.
      cpuBudgetUntilAudited:
        measuredSustained.untilAudited &&
        cpuBudget(
          machineAtStart.cores,
          cpuPerCopy({
            ours: { received: measuredSustained.untilAudited.copies },
            resources: measuredSustained.untilAudited.resources,
            serverCpuMs: measuredSustained.untilAudited.serverCpuMs,
          }),
        ),
    };
    profiles.push({
      name: profile.name,
      exchangeLatency: { ms: profile.ms, jitterMs: profile.jitterMs },
      fanOut: fanOuts,
      sustained: throughput,
    });
  }
  await control(sim.url, 'DELETE', '/faults', undefined);
  if (stageReader) {
    // A leg's stages end at its audit record; the services export their spans every 200 ms.
    await waitForAuditCaughtUp(audit.backlog, (jobs) =>
      progress.update(`waiting for the audit: ${jobs} jobs`),
    );
    await new Promise((r) => setTimeout(r, 1_000));
    for (const profile of profiles)
      for (const f of profile.fanOut) f.stages = stageReader.stagesOf(f.masterAccountId, f.fills);
  }
  progress.done();

  const report = {
    version: 1,
    quick,
    traced: values.trace,
    baseline: !values.alone,
    command: `pnpm bench${process.argv
      .slice(2)
      .filter((a) => a !== '--')
      .map((a) => ` ${a}`)
      .join('')}`,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      ...machineAtStart,
      loadAverage: undefined,
      loadAverageAtStart: machineAtStart.loadAverage,
      loadAverageAtEnd: describeMachine().loadAverage,
    },
    method: {
      clock:
        'simulator performance.now(): master fill sent on its WebSocket → follower order taken by its engine',
      followerOrder: 'market, size = master size × 1 (multiplier mode)',
      maxGapMs: plan.maxGapMs,
      baseline:
        'bench/baseline/seed-copier.ts: REST poll of the master fills every 2 s, followers one by one, 3 tries with 1 s × attempt sleeps',
      processes: ctx.processes.map((p) => p.name),
    },
    profiles,
  };
  mkdirSync(outDir, { recursive: true });
  const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
  const body = `${JSON.stringify(report, null, 2)}\n`;
  writeFileSync(join(outDir, `${quick ? 'quick-' : ''}${stamp}.json`), body);
  writeFileSync(join(outDir, quick ? 'quick-latest.json' : 'latest.json'), body);
  if (stageReader) {
    const spansFile = join(outDir, `${quick ? 'quick-' : ''}${stamp}-spans.json`);
    writeFileSync(spansFile, JSON.stringify(stageReader.spans()));
    process.stdout.write(`spans: ${spansFile}\n`);
  }
  printSummary(report.profiles);
  process.stdout.write(`report: ${join(outDir, quick ? 'quick-latest.json' : 'latest.json')}\n`);
} catch (err) {
  progress.done();
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  exitCode = 1;
} finally {
  progress.update('cleaning up');
  for (const close of closers) await close();
  for (const child of children.reverse()) await stopProcess(child);
  await db.$disconnect();
  await dropSchema(baseUrl, schema);
  await deleteKeysUnder(redis, prefix);
  redis.disconnect();
  rmSync(configDir, { recursive: true, force: true });
  progress.done();
}
process.exit(exitCode);

type ProfileReport = {
  name: string;
  exchangeLatency: { ms: number; jitterMs: number };
  fanOut: (Awaited<ReturnType<typeof fanOut>> & {
    cpuBudget: CpuBudget;
    cpuBudgetUntilAudited: CpuBudget;
    stages?: TracedStages;
  })[];
  sustained:
    | (Awaited<ReturnType<typeof sustained>> & {
        cpuBudget: CpuBudget;
        cpuBudgetUntilAudited: CpuBudget | undefined;
      })
    | undefined;
};

/** CPU and table writes per copy of ours over a fan-out (the simulator's share includes the baseline's orders). */
function cpuSummary(f: ProfileReport['fanOut'][number]): string {
  const copies = Math.max(1, f.ours.received);
  const parts = cpuPerCopy(f).map(([name, ms]) => `${name} ${ms.toFixed(2)}`);
  const rows = Object.entries(f.tableWrites)
    .map(([table, w]) => [table, w, (w.inserted + w.updated + w.deleted) / copies] as const)
    .sort((a, b) => b[2] - a[2])
    .map(
      ([table, w]) =>
        `${table} ${(w.inserted / copies).toFixed(2)}+${(w.updated / copies).toFixed(2)}u(${(w.hotUpdated / copies).toFixed(2)} hot)${w.seqRowsRead > 0 ? ` scanned ${(w.seqRowsRead / copies).toFixed(0)}` : ''}`,
    );
  const audited = f.untilAudited.auditCaughtUpMs;
  return `  CPU ms per copy at ${f.followers}: ${parts.join(', ')}\n${syscallsLine(`at ${f.followers}`, f.untilAudited.resources, copies)}\n${budgetLine(`at ${f.followers}`, f.cpuBudget)}\n${budgetLine(`at ${f.followers} until audited (${audited ?? '>900000'} ms after the last copy)`, f.cpuBudgetUntilAudited)}\n  PostgreSQL rows per copy (inserted+updated): ${rows.join(', ')}\n${serverCallsLine(`at ${f.followers}`, f.serverCalls, copies)}`;
}

/** Each process's write system calls and wake-ups per copy, until the audit had recorded everything. */
function syscallsLine(
  label: string,
  resources: Record<string, WindowUsage | null | undefined>,
  copies: number,
): string {
  const writes = countPerCopy(resources, 'writeSyscalls', copies);
  const wakeups = countPerCopy(resources, 'wakeups', copies);
  const parts = Object.entries(writes).map(
    ([name, w]) => `${name} ${w.toFixed(1)}/${wakeups[name]?.toFixed(1) ?? '–'}`,
  );
  return `  write syscalls/wake-ups per copy ${label} until audited: ${parts.join(', ') || 'not read'}`;
}

/** Redis's and PostgreSQL's own counts per copy, until the audit had recorded everything. */
function serverCallsLine(label: string, calls: ServerCalls | undefined, copies: number): string {
  if (!calls) return `  server calls per copy ${label}: not counted`;
  const per = serverCallsPerCopy(calls, copies);
  const most = Object.entries(calls.redisCallsByCommand)
    .slice(0, 6)
    .map(([name, n]) => `${name} ${(n / Math.max(1, copies)).toFixed(1)}`);
  return (
    `  server calls per copy ${label} until audited: Redis ${per.redisCommands.toFixed(1)} commands ` +
    `(${per.redisScripts.toFixed(1)} scripts, ${per.redisScriptUsec.toFixed(0)} µs in them; most called: ${most.join(', ')}); ` +
    `PostgreSQL ${per.postgresTransactions.toFixed(2)} transactions`
  );
}

function printSummary(profiles: ProfileReport[]) {
  const ms = (v: number | undefined) => (v === undefined ? '–' : `${v}`);
  for (const p of profiles) {
    process.stdout.write(`\nexchange latency ${p.name}\n`);
    process.stdout.write(
      'followers | copy p50/p90/p99/max ms (ours) | last follower p50/p99 ms (ours) | baseline last p50/p99 ms | ratio p50\n',
    );
    for (const f of p.fanOut) {
      const c = f.ours.copyLatencyMs;
      const l = f.ours.lastFollowerMs;
      const b = f.baseline?.lastFollowerMs;
      process.stdout.write(
        `${String(f.followers).padStart(9)} | ${ms(c?.p50)}/${ms(c?.p90)}/${ms(c?.p99)}/${ms(c?.max)} | ${ms(l?.p50)}/${ms(l?.p99)} | ${ms(b?.p50)}/${ms(b?.p99)} | ${f.ratios.lastFollowerP50 ?? '–'}×\n`,
      );
    }
    for (const f of p.fanOut) process.stdout.write(`${cpuSummary(f)}\n`);
    for (const f of p.fanOut) if (f.stages) process.stdout.write(`${stagesLine(f.followers, f.stages)}\n`);
    const s = p.sustained;
    if (!s) continue;
    process.stdout.write(
      `sustained: ${s.followerOrdersPerSecond} follower orders/s (${s.followers} followers, ${s.seconds} s); audit ${s.auditBacklogJobsAtWindowEnd} jobs behind at the window's end, caught up ${s.auditCaughtUpMs ?? '–'} ms after the last copy\n`,
    );
    process.stdout.write(`${budgetLine('sustained', s.cpuBudget)}\n`);
    if (s.cpuBudgetUntilAudited)
      process.stdout.write(`${budgetLine('sustained until audited', s.cpuBudgetUntilAudited)}\n`);
    if (s.untilAudited) {
      process.stdout.write(`${serverCallsLine('sustained', s.serverCalls, s.untilAudited.copies)}\n`);
      process.stdout.write(`${syscallsLine('sustained', s.untilAudited.resources, s.untilAudited.copies)}\n`);
    }
    for (const [name, u] of Object.entries(s.resources)) {
      if (u)
        process.stdout.write(
          `  ${name.padEnd(13)} CPU ${(u.cpuMs / 1000).toFixed(1)} s, peak RSS ${u.peakRssMb} MB\n`,
        );
    }
  }
}

/** The traced stages' p50s of one fan-out (`--trace`), in the order a copy goes through them. */
function stagesLine(followers: number, stages: TracedStages): string {
  const p50 = (name: keyof Omit<TracedStages, 'legs'>) => stages[name].p50;
  return (
    `  stages p50 ms at ${followers} (${stages.legs} traced legs): fill seen → decided ${p50('seenToMapped')}, ` +
    `→ kick enqueued ${p50('mappedToEnqueued')}, → picked up ${p50('enqueuedToPickedUp')}, → request sent ` +
    `${p50('pickedUpToRequest')}, → answered ${p50('requestToAccepted')}, → audited ${p50('acceptedToAudited')}`
  );
}

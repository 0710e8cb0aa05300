// `pnpm bench:ab`: two variants of the system measured in alternated runs of `pnpm bench --fan-out ...
// --alone`, so a comparison is not a comparison of the machine's speed at two moments (machines here
// drift by 1.4× within minutes). A and B are this checkout unless `--a-checkout`/`--b-checkout` name
// another one (its own bench runs its own code), each with its own environment (`--b-env KEY=VALUE`,
// repeatable). Pairs run A,B then B,A (ABBA); the report gives each run's figures and B ÷ A per pair.
// Usage: pnpm bench:ab --fan-out 1000 [--fills 12] [--pairs 3] [--a-env K=V] [--b-env K=V]
//   [--a-checkout dir] [--b-checkout dir] [--latency 20-50] [--max-gap-ms 300] [--out dir]
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { countPerCopy, cpuPerCopy, type ProcessCounts } from './support/cpu-per-copy.ts';
import { type LatencyProfile, parseLatency } from './support/latency-option.ts';
import { type Comparison, compareRuns, type RunFigures, runOrder, type Side } from './support/ab-compare.ts';
import { type ServerCalls, serverCallsPerCopy } from './support/server-calls.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    'fan-out': { type: 'string' },
    fills: { type: 'string', default: '12' },
    pairs: { type: 'string', default: '3' },
    'a-env': { type: 'string', multiple: true, default: [] },
    'b-env': { type: 'string', multiple: true, default: [] },
    'a-checkout': { type: 'string' },
    'b-checkout': { type: 'string' },
    out: { type: 'string' },
    latency: { type: 'string' },
    'max-gap-ms': { type: 'string' },
  },
});

const root = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  process.stderr.write(`bench:ab: ${message}\n`);
  process.exit(2);
}

const pairs = Number(values.pairs);
if (!(Number.isInteger(pairs) && pairs >= 1 && pairs <= 20)) fail('--pairs takes 1 to 20');
const fanOut = values['fan-out'];
if (fanOut === undefined) fail('--fan-out is required (follower counts, comma-separated)');
if (!fanOut.split(',').every((n) => Number.isInteger(Number(n)) && Number(n) >= 1 && Number(n) <= 5_000))
  fail('--fan-out takes follower counts between 1 and 5000, comma-separated');
const fills = Number(values.fills);
if (!(Number.isInteger(fills) && fills >= 1 && fills <= 1_000)) fail('--fills takes 1 to 1000');
const latency = values.latency;
let exchangeLatency: LatencyProfile;
try {
  exchangeLatency = parseLatency(latency ?? '0');
} catch (error) {
  fail((error as Error).message);
}

const maxGapMs = values['max-gap-ms'];
if (maxGapMs !== undefined && !/^\d{1,5}$/.test(maxGapMs)) fail('--max-gap-ms takes whole milliseconds');

interface Variant {
  side: Side;
  checkout: string;
  env: Record<string, string>;
}

function variant(side: Side, checkout: string | undefined, assignments: string[]): Variant {
  const env: Record<string, string> = {};
  for (const assignment of assignments) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(assignment);
    if (!m) fail(`--${side.toLowerCase()}-env takes KEY=VALUE (upper-case key), not "${assignment}"`);
    env[m[1]!] = m[2]!;
  }
  const dir = resolve(checkout ?? root);
  if (!existsSync(join(dir, 'bench/run.ts'))) fail(`${dir} is not a checkout with bench/run.ts`);
  return { side, checkout: dir, env };
}

const a = variant('A', values['a-checkout'], values['a-env']);
const b = variant('B', values['b-checkout'], values['b-env']);
if (a.checkout === b.checkout && JSON.stringify(a.env) === JSON.stringify(b.env))
  fail('A and B are the same: give one of them an --*-env or a --*-checkout');

const outDir = resolve(values.out ?? mkdtempSync(join(tmpdir(), 'copytrade-bench-ab-')));
mkdirSync(outDir, { recursive: true });

/** One `pnpm bench --fan-out` of one variant; its output goes to a log beside its report. */
async function runOnce(v: Variant, index: number): Promise<RunFigures> {
  const dir = join(outDir, `${v.side}-${index + 1}`);
  mkdirSync(dir, { recursive: true });
  const log = createWriteStream(join(dir, 'bench.log'));
  const args = [join(v.checkout, 'bench/run.ts'), '--fan-out', fanOut!, '--fills', String(fills), '--alone'];
  if (latency !== undefined) args.push('--latency', latency);
  if (maxGapMs !== undefined) args.push('--max-gap-ms', maxGapMs);
  const child = spawn(process.execPath, [...args, '--out', dir], {
    cwd: v.checkout,
    env: { ...process.env, ...v.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0)
    throw new Error(`run ${v.side}-${index + 1} exited with ${code}: see ${join(dir, 'bench.log')}`);
  return figuresOf(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')));
}

interface Report {
  profiles: {
    fanOut: {
      followers: number;
      ours: {
        received: number;
        lastFollowerMs: { p50: number; p99: number } | null;
        copyLatencyMs: { p50: number; p99: number } | null;
      };
      resources: Record<string, { cpuMs: number; peakRssMb: number } | null>;
      serverCpuMs: Record<string, number>;
      /** Absent from the reports of a checkout older than it. */
      untilAudited?: {
        auditCaughtUpMs: number | null;
        resources: Record<string, ({ cpuMs: number } & ProcessCounts) | null>;
        serverCpuMs: Record<string, number>;
      };
      /** Absent from the reports of a checkout older than it. */
      serverCalls?: ServerCalls;
    }[];
  }[];
}

function figuresOf(report: Report): RunFigures {
  const figures: RunFigures = new Map();
  for (const f of report.profiles[0]?.fanOut ?? []) {
    figures.set(f.followers, {
      followers: f.followers,
      lastFollowerP50Ms: f.ours.lastFollowerMs?.p50 ?? null,
      copyP50Ms: f.ours.copyLatencyMs?.p50 ?? null,
      lastFollowerP99Ms: f.ours.lastFollowerMs?.p99 ?? null,
      copyP99Ms: f.ours.copyLatencyMs?.p99 ?? null,
      cpuPerCopyMs: Object.fromEntries(cpuPerCopy(f)),
      peakRssMb: Object.fromEntries(
        Object.entries(f.resources).flatMap(([name, u]) =>
          u && name !== 'baseline' ? [[name, u.peakRssMb]] : [],
        ),
      ),
      ...(f.untilAudited && {
        cpuPerCopyUntilAuditedMs: Object.fromEntries(cpuPerCopy({ ours: f.ours, ...f.untilAudited })),
        auditCaughtUpMs: f.untilAudited.auditCaughtUpMs,
      }),
      ...(f.serverCalls && { serverCallsPerCopy: serverCallsPerCopy(f.serverCalls, f.ours.received) }),
      ...(f.untilAudited && {
        writeSyscallsPerCopy: countPerCopy(f.untilAudited.resources, 'writeSyscalls', f.ours.received),
        wakeupsPerCopy: countPerCopy(f.untilAudited.resources, 'wakeups', f.ours.received),
      }),
    });
  }
  return figures;
}

const describe = (v: Variant) =>
  [
    v.checkout === root ? 'this checkout' : v.checkout,
    ...Object.entries(v.env).map(([k, x]) => `${k}=${x}`),
  ].join(' ');

const runs: Record<Side, RunFigures[]> = { A: [], B: [] };
const startedAt = new Date();
for (const [i, order] of runOrder(pairs).entries()) {
  for (const side of order) {
    const v = side === 'A' ? a : b;
    process.stderr.write(`bench:ab: pair ${i + 1}/${pairs}, ${side} (${describe(v)})\n`);
    runs[side][i] = await runOnce(v, i);
  }
}

const comparisons = compareRuns(runs.A, runs.B);
writeFileSync(
  join(outDir, 'ab.json'),
  `${JSON.stringify(
    {
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      fanOut,
      fills,
      pairs,
      exchangeLatency,
      maxGapMs: maxGapMs === undefined ? 300 : Number(maxGapMs),
      order: runOrder(pairs),
      a: { checkout: a.checkout, env: a.env },
      b: { checkout: b.checkout, env: b.env },
      comparisons,
    },
    null,
    2,
  )}\n`,
);
printComparisons(comparisons);
process.stdout.write(`report: ${join(outDir, 'ab.json')}\n`);

function printComparisons(all: Comparison[]): void {
  const num = (x: number | null) => (x === null ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  process.stdout.write(`A: ${describe(a)}\nB: ${describe(b)}\n`);
  for (const c of all) {
    process.stdout.write(`\nfan-out ${c.followers} (${pairs} pairs, ${fills} fills each)\n`);
    process.stdout.write('metric | A runs | B runs | B ÷ A per pair | median\n');
    for (const m of c.metrics) {
      process.stdout.write(
        `${m.name} | ${m.a.map(num).join(' ')} | ${m.b.map(num).join(' ')} | ${m.ratios.map((r) => r.toFixed(2)).join(' ')} | ${m.medianRatio === null ? '–' : m.medianRatio.toFixed(2)}\n`,
      );
    }
  }
}

// `pnpm bench:memory`: where each service's memory goes. Starts the simulator and the five services
// as processes (as `pnpm bench` does, with bench/memory/probe.ts preloaded), and reports per process
// RSS and V8's figures (heapTotal, heapUsed, external, arrayBuffers) idle after start and after
// fills to N followers (current and peak over the fills), beside processes that only load the same
// modules (bench/memory/fixed-cost.ts), so fixed cost and per-follower cost stand apart.
// Usage: pnpm bench:memory [--followers 1000] [--fills 3] [--snapshot] [--v8-defaults] [--out file]
//   --snapshot: heap snapshots of every service after the fills (node --heapsnapshot-signal),
//   written to bench/results/heap/; summarise one with `node bench/memory/summarize-snapshot.ts`.
// The services run with infra/Dockerfile's NODE_OPTIONS (as `pnpm bench` starts them), followed by any
// NODE_OPTIONS given to this command (to try other V8 flags).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ephemeralVault } from '../packages/accounts/src/testing/index.ts';
import { createDb, migrate, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import { createRedis, defaultUrls, deleteKeysUnder } from '../packages/runtime/src/index.ts';
import { compileDeployedCodeOnce, serviceNodeOptions } from './support/deployed-node-options.ts';
import { serviceEnv, startBenchSimulator } from './support/bench-stage.ts';
import { describeMachine } from './support/machine.ts';
import { copyOrderFor, isCopy, placeMasterOrder, pollMsFor, seedMaster } from './support/phases.ts';
import { readUsage, resetPeak, stopProcess } from './support/processes.ts';
import { summarize } from './support/stats.ts';
import { fillsOf, matchFills, ordersBy } from './support/timeline-reader.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    followers: { type: 'string', default: '1000' },
    fills: { type: 'string', default: '3' },
    snapshot: { type: 'boolean', default: false },
    'v8-defaults': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const followers = Number(values.followers);
const fills = Number(values.fills);
const root = resolve(import.meta.dirname, '..');
const run = randomBytes(3).toString('hex');
const prefix = `bench-${run}`;
const schema = `bench_${run}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const databaseUrl = withSchema(baseUrl, schema);
// As deployed (infra/Dockerfile), then whatever NODE_OPTIONS this command was given; --v8-defaults
// leaves the deployed flags out, to see what they change.
const nodeOptions = values['v8-defaults']
  ? (process.env.NODE_OPTIONS ?? '')
  : serviceNodeOptions(root, process.env.NODE_OPTIONS);
// The probe and the fixed-cost process too: they would load the type stripper the deployed hook
// keeps out of every process.
if (!values['v8-defaults'])
  compileDeployedCodeOnce(['probe.ts', 'fixed-cost.ts'].map((file) => join(root, 'bench/memory', file)));
const probeDir = mkdtempSync(join(tmpdir(), 'copytrade-memory-'));
const heapDir = join(root, 'bench/results/heap');
const say = (text: string) => process.stderr.write(`[memory] ${text}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mb = (bytes: number) => Math.round(bytes / 1024 / 102.4) / 10;

interface Probed {
  name: string;
  child: ChildProcess;
}

function spawnProbed(name: string, args: string[], env: NodeJS.ProcessEnv): Probed {
  const extra = values.snapshot ? ['--heapsnapshot-signal=SIGPWR', `--diagnostic-dir=${heapDir}`] : [];
  const child = spawn(process.execPath, [...extra, '--import', './bench/memory/probe.ts', ...args], {
    cwd: root,
    env: { ...env, MEMORY_PROBE_DIR: probeDir, NODE_OPTIONS: nodeOptions },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { name, child };
}

/** Current and peak (since the last read) memoryUsage of one process, in MB. */
async function probe(p: Probed) {
  const file = join(probeDir, `${p.child.pid}.json`);
  rmSync(file, { force: true });
  p.child.kill('SIGUSR2');
  for (let i = 0; i < 100; i++) {
    await sleep(20);
    try {
      const body = JSON.parse(readFileSync(file, 'utf8')) as {
        now: Record<string, number>;
        peak: Record<string, number>;
        spaces: Record<string, { size: number; used: number }>;
        gc: { count: number; totalMs: number; maxMs: number; minor: number; major: number };
      };
      const conv = (r: Record<string, number>) =>
        Object.fromEntries(Object.entries(r).map(([k, v]) => [k, mb(v)]));
      const usage = readUsage(p.child.pid);
      return {
        vmRssMb: usage?.rssMb,
        vmHwmMb: usage?.peakRssMb,
        ...residentKinds(p.child.pid),
        now: conv(body.now),
        peak: conv(body.peak),
        gc: { ...body.gc, totalMs: Math.round(body.gc.totalMs), maxMs: Math.round(body.gc.maxMs * 10) / 10 },
        spacesMb: Object.fromEntries(Object.entries(body.spaces).map(([k, v]) => [k, mb(v.size)])),
      };
    } catch {
      // not written yet
    }
  }
  return null;
}

/**
 * RSS split: anonymous memory (V8 heap, malloc, Wasm) is the process's own; file pages are mostly the
 * node binary's code, shared by every Node process on the machine yet counted in each one's RSS.
 */
function residentKinds(pid: number | undefined) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return {
      rssAnonMb: Math.round(kb('RssAnon') / 102.4) / 10,
      rssFileMb: Math.round(kb('RssFile') / 102.4) / 10,
    };
  } catch {
    return {};
  }
}

async function probeAll(list: Probed[]) {
  const out: Record<string, Awaited<ReturnType<typeof probe>>> = {};
  for (const p of list) out[p.name] = await probe(p);
  return out;
}

function table(
  title: string,
  figures: Record<string, Awaited<ReturnType<typeof probe>>>,
  which: 'now' | 'peak',
) {
  say(title);
  say('process       rss   heapTotal heapUsed external arrayBuffers  rssAnon rssFile (MB)');
  for (const [name, f] of Object.entries(figures)) {
    if (!f) continue;
    const r = f[which];
    say(
      `${name.padEnd(12)} ${String(r.rss).padStart(5)} ${String(r.heapTotal).padStart(9)} ${String(r.heapUsed).padStart(8)} ${String(r.external).padStart(8)} ${String(r.arrayBuffers).padStart(12)} ${String(f.rssAnonMb ?? '').padStart(8)} ${String(f.rssFileMb ?? '').padStart(7)}`,
    );
  }
}

await migrate({ databaseUrl });
const db = createDb({ databaseUrl });
const redis = createRedis(redisUrl, 'worker');
const children: ChildProcess[] = [];
const machineAtStart = describeMachine();
try {
  const { sim, reader } = await startBenchSimulator();
  children.push(sim.child);
  const { vault, keysSpec, activeKeyId } = ephemeralVault();
  const env = serviceEnv({ redisUrl, databaseUrl, prefix, keysSpec, activeKeyId });
  const fixed = ['bare', 'imports', 'connected'].map((mode) =>
    spawnProbed(`(${mode})`, ['bench/memory/fixed-cost.ts', mode], env),
  );
  const services = ['audit', 'executor', 'mapper', 'exit-sync', 'listener'].map((name) =>
    spawnProbed(name, [`services/${name}/src/main.ts`], env),
  );
  children.push(...fixed.map((p) => p.child), ...services.map((p) => p.child));
  say('waiting 10 s for every process to settle');
  await sleep(10_000);
  const idle = await probeAll([...fixed, ...services]);
  table('idle after start (now)', idle, 'now');

  say(`seeding a master with ${followers} followers`);
  const { master, ours, client } = await seedMaster(
    { simUrl: sim.url, db, vault },
    followers,
    `mem${followers}`,
  );
  const ourIds = new Set(ours.map((f) => f.userId));
  await sleep(2_000);
  const seeded = await probeAll(services);
  for (const p of services) resetPeak(p.child.pid);
  const from = reader.mark();
  const started = performance.now();
  const copies = reader.counter(from, copyOrderFor(ourIds));
  for (let i = 0; i < fills; i++) {
    await placeMasterOrder(client, i);
    const all = await reader.waitFor(() => copies() >= followers * (i + 1), 30_000 + followers * 50, {
      pollMs: pollMsFor(followers),
    });
    say(
      `fill ${i + 1}/${fills}: ${all ? 'every follower has its order' : 'NOT every follower in time'} (${Math.round(performance.now() - started)} ms)`,
    );
  }
  const events = reader.events.slice(from);
  const matched = matchFills(fillsOf(events, master.userId), ordersBy(events, ourIds, isCopy));
  // What a GC setting costs shows here: each fill's time to its last follower, and every copy's latency.
  const latency = {
    lastFollowerMs: matched.lastArrival.map((l) => (l === null ? null : Math.round(l))),
    copyLatencyMs: summarize(matched.latencies.flat()),
  };
  say(
    `last follower per fill ${JSON.stringify(latency.lastFollowerMs)} ms; copy latency ${JSON.stringify(latency.copyLatencyMs)}`,
  );
  // The audit service records each order's events after the order: let it catch up.
  await sleep(3_000);
  const after = await probeAll(services);
  table(`after ${fills} fills to ${followers} followers (peak over the fills)`, after, 'peak');
  table('after the fills (now)', after, 'now');
  for (const [name, f] of Object.entries(after))
    if (f) say(`GC over the fills, ${name}: ${JSON.stringify(f.gc)}`);
  const hwm = Object.fromEntries(services.map((p) => [p.name, readUsage(p.child.pid)?.peakRssMb]));
  say(`VmHWM over the fills: ${JSON.stringify(hwm)}`);
  if (values.snapshot) {
    mkdirSync(heapDir, { recursive: true });
    for (const p of services) {
      p.child.kill('SIGPWR');
      await sleep(8_000);
    }
    say(`heap snapshots in ${heapDir}`);
  }
  await client.close();
  const report = {
    command: `pnpm bench:memory${process.argv
      .slice(2)
      .filter((a) => a !== '--')
      .map((a) => ` ${a}`)
      .join('')}`,
    nodeOptions,
    followers,
    fills,
    machine: {
      ...machineAtStart,
      loadAverageAtStart: machineAtStart.loadAverage,
      loadAverageAtEnd: describeMachine().loadAverage,
    },
    idle,
    seeded,
    afterFills: after,
    latency,
  };
  const out = resolve(values.out ?? join(root, 'bench/results/memory-latest.json'));
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  say(`report: ${out}; load average ${describeMachine().loadAverage.join(' ')}`);
} finally {
  for (const child of children.reverse()) await stopProcess(child);
  await db.$disconnect();
  await dropSchema(baseUrl, schema);
  await deleteKeysUnder(redis, prefix);
  redis.disconnect();
  rmSync(probeDir, { recursive: true, force: true });
}
process.exit(0);

// Signed market-order throughput of the exchange simulator over HTTP keep-alive.
// The simulator runs in a child process pinned to core 0 (taskset, when available); this driver
// pins itself to core 1 and keeps `--concurrency` requests in flight on an undici Pool.
// Usage: node bench/sim-orders.ts [--seconds 5] [--concurrency 64] [--connections 16]
//   [--root <checkout>] (run another checkout's simulator, for a before/after in the same minutes)
//   [--cpu-prof <dir>] (the simulator writes a V8 CPU profile there on exit)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { signedOrderRequest } from './support/signed-order.ts';
import { control, hasTaskset, startSimProcess } from './support/sim-process.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    connections: { type: 'string', default: '16' },
    root: { type: 'string' },
    'cpu-prof': { type: 'string' },
  },
});
const seconds = Math.min(Math.max(Number(values.seconds), 1), 60);
const concurrency = Math.max(Number(values.concurrency), 1);
const connections = Math.max(Number(values.connections), 1);

/** User + system CPU of a process in ms, from /proc (null where there is none). */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th,
    // in clock ticks (USER_HZ, 100 on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

const pinned = hasTaskset();
if (pinned) execFileSync('taskset', ['-p', '-c', '1', String(process.pid)], { stdio: 'ignore' });
const profileDir = values['cpu-prof'];
const { child, url } = await startSimProcess(pinned, {
  ...(values.root ? { root: values.root } : {}),
  ...(profileDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profileDir] } : {}),
});
try {
  await control(url, 'PUT', '/rate-limit', { quota: 1_000_000_000 });
  const account = (await control(url, 'POST', '/accounts', {
    label: 'bench',
    balances: { USD: '1000000000' },
  })) as {
    apiKey: string;
    apiSecret: string;
  };
  const pool = new Pool(url, { connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let seq = 0;
  const sendOne = async (): Promise<void> => {
    const side = seq++ % 2 === 0 ? 'buy' : 'sell';
    const body = `{"product_id":27,"size":1,"side":"${side}","order_type":"market_order"}`;
    const t0 = performance.now();
    const res = await pool.request(signedOrderRequest(account, body));
    await res.body.text();
    latencies.push(performance.now() - t0);
    if (res.statusCode !== 200) errors++;
  };
  // Warm-up (JIT, connections), not counted.
  const warmUntil = performance.now() + 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < warmUntil) await sendOne();
    }),
  );
  latencies.length = 0;
  errors = 0;
  // taskset execs node, so the child's pid is the simulator's.
  const cpuBefore = cpuMsOf(child.pid);
  const start = performance.now();
  const until = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) await sendOne();
    }),
  );
  const elapsed = (performance.now() - start) / 1000;
  const cpuAfter = cpuMsOf(child.pid);
  const simCpuMs = cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore;
  await pool.close();
  const sorted = Float64Array.from(latencies).sort();
  const result = {
    orders: latencies.length,
    seconds: Number(elapsed.toFixed(2)),
    ordersPerSecond: Math.round(latencies.length / elapsed),
    p50Ms: Number(percentile(sorted, 0.5).toFixed(2)),
    p99Ms: Number(percentile(sorted, 0.99).toFixed(2)),
    errors,
    simCpuMs,
    simCpuMsPerOrder: simCpuMs === null ? null : Number((simCpuMs / latencies.length).toFixed(4)),
    concurrency,
    connections,
    pinned,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.stdout.write(
    `sim-orders: ${result.ordersPerSecond} orders/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
      `simulator CPU ${result.simCpuMsPerOrder ?? '?'} ms per order, ${errors} errors\n`,
  );
} finally {
  child.kill('SIGTERM');
}

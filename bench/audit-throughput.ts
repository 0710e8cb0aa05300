// Audit throughput and lag under a copy fan-out: the audit service runs in its own process on a
// fresh schema and queue prefix; this driver enqueues each master fill's events for every follower
// at once (copy.decided, order.submitted, order.accepted and sync.status per follower, as the mapper,
// executor and exit-sync emit them), and times each event from its enqueue to its arrival on the
// live-events channel, which audit publishes after the commit.
// Usage: node bench/audit-throughput.ts [--followers 1000] [--fills 3] [--gap-ms 2000] [--one-per-job] [--profile dir]
// (events go in jobs of many, as the services' event publisher sends them; --one-per-job: one job each, as before)
// (AUDIT_* variables and NODE_OPTIONS are passed to the audit process; --profile: it writes a V8 CPU
// profile into dir when it stops.)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type AuditEvent,
  channels,
  correlationIdOf,
  makeAuditEvent,
  queueNames,
} from '../packages/contracts/src/index.ts';
import { createDb, migrate, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import {
  createEventPublisher,
  createQueue,
  createRedis,
  defaultUrls,
} from '../packages/runtime/src/index.ts';
import { verifyChain } from '../packages/audit-log/src/index.ts';

const { values } = parseArgs({
  options: {
    followers: { type: 'string', default: '1000' },
    fills: { type: 'string', default: '3' },
    'gap-ms': { type: 'string', default: '2000' },
    'timeout-s': { type: 'string', default: '600' },
    'one-per-job': { type: 'boolean', default: false },
    profile: { type: 'string' },
  },
});
const followerCount = Math.min(Math.max(Number(values.followers), 1), 10_000);
const fillCount = Math.min(Math.max(Number(values.fills), 1), 100);
const gapMs = Math.max(Number(values['gap-ms']), 0);
const timeoutMs = Number(values['timeout-s']) * 1_000;
const root = resolve(import.meta.dirname, '..');
const run = randomBytes(3).toString('hex');
const prefix = `bench-audit-${run}`;
const schema = `bench_audit_${run}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const databaseUrl = withSchema(process.env.DATABASE_URL ?? defaultUrls.database, schema);

interface Follower {
  followerAccountId: string;
  followerUserId: string;
  followId: string;
}

const masterAccountId = randomUUID();
const followers: Follower[] = Array.from({ length: followerCount }, () => ({
  followerAccountId: randomUUID(),
  followerUserId: randomUUID(),
  followId: randomUUID(),
}));

/** One master fill's events, in the order the pipeline emits them: every decision, then orders, then checks. */
function fillEvents(fillNo: number): AuditEvent[] {
  const fillId = `bench${run}f${fillNo}`;
  const side = fillNo % 2 === 0 ? ('buy' as const) : ('sell' as const);
  const leg = fillNo === 0 ? 'open' : fillNo % 2 === 0 ? 'increase' : 'reduce';
  const correlationId = correlationIdOf(masterAccountId, fillId);
  const master = { fillId, side, size: 10, price: '65000.5' };
  const recorded = makeAuditEvent({
    service: 'listener',
    type: 'master_fill.recorded',
    eventId: `master_fill.recorded_${masterAccountId}_${fillId}`,
    correlationId,
    accountId: masterAccountId,
    payload: {
      masterAccountId,
      fillId,
      symbol: 'BTCUSD',
      side,
      size: 10,
      price: '65000.5',
      positionAfter: 10,
      seq: fillNo + 1,
      source: 'ws',
      resynced: false,
    },
  });
  const stages: AuditEvent[][] = [[recorded], [], [], [], []];
  followers.forEach((f, i) => {
    const clientOrderId = `c${run}${fillNo}x${i}`;
    const size = 1 + (i % 5);
    const base = { correlationId, accountId: f.followerAccountId };
    const ref = {
      clientOrderId,
      followerAccountId: f.followerAccountId,
      followerUserId: f.followerUserId,
      masterAccountId,
      symbol: 'BTCUSD',
      side,
      size,
      leg,
      orderType: 'market_order',
      limitPrice: null,
    };
    stages[1]?.push(
      makeAuditEvent({
        ...base,
        service: 'mapper',
        type: 'copy.decided',
        eventId: `copy.decided_${correlationId}_${f.followerAccountId}`,
        payload: {
          followId: f.followId,
          followerAccountId: f.followerAccountId,
          masterAccountId,
          symbol: 'BTCUSD',
          seq: fillNo + 1,
          targetBefore: fillNo * size,
          targetAfter: (fillNo + 1) * size,
          action: leg,
          master,
          legs: [{ clientOrderId, side, size, reduceOnly: leg === 'reduce', leg }],
        },
      }),
    );
    stages[2]?.push(
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.submitted',
        eventId: `${clientOrderId}:submitted:1`,
        payload: { ...ref, attempt: 1 },
      }),
    );
    stages[3]?.push(
      makeAuditEvent({
        ...base,
        service: 'executor',
        type: 'order.accepted',
        eventId: `${clientOrderId}:accepted`,
        payload: {
          ...ref,
          exchangeOrderId: `${fillNo}${i}`,
          state: 'closed',
          filledSize: size,
          avgFillPrice: '65010',
          adopted: false,
          latencyMs: 12,
        },
      }),
    );
    stages[4]?.push(
      makeAuditEvent({
        ...base,
        service: 'exit-sync',
        type: 'sync.status',
        eventId: `sync.status_${f.followId}_${fillId}`,
        payload: {
          followId: f.followId,
          masterAccountId,
          followerAccountId: f.followerAccountId,
          symbol: 'BTCUSD',
          state: 'in_sync',
          target: size,
          totalTarget: size,
          actual: size,
          drift: 0,
          repairs: 0,
          message: null,
          entryPrice: '65010',
          realizedPnl: '0',
          unrealizedPnl: '1.5',
        },
      }),
    );
  });
  return stages.flat();
}

const redis = createRedis(redisUrl, 'worker');
const subscriber = createRedis(redisUrl, 'worker');
const queue = createQueue<AuditEvent>(queueNames.auditEvents, {
  connection: redis,
  prefix,
  jobOptions: { removeOnComplete: true },
});
await migrate({ databaseUrl });
const db = createDb({ databaseUrl });
const enqueuedAt = new Map<string, number>();
const recordedAt = new Map<string, number>();
let audit: ChildProcess | undefined;

try {
  await subscriber.subscribe(channels(prefix).liveEvents);
  subscriber.on('message', (_channel: string, message: string) => {
    const { eventId } = JSON.parse(message) as { eventId: string };
    if (!recordedAt.has(eventId)) recordedAt.set(eventId, performance.now());
  });
  const auditEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => name.startsWith('AUDIT_')),
  );
  const profileFlags = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve(values.profile)}`] : [];
  audit = spawn(process.execPath, [...profileFlags, 'services/audit/src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...(process.env.NODE_OPTIONS ? { NODE_OPTIONS: process.env.NODE_OPTIONS } : {}),
      ...auditEnv,
      REDIS_URL: redisUrl,
      DATABASE_URL: databaseUrl,
      QUEUE_PREFIX: prefix,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await until(async () => (await queue.getWorkers()).length > 0, 20_000, 'the audit worker');
  // Warm-up (not measured): the service's first transactions pay for connections and query plans.
  const warmup = makeAuditEvent({
    service: 'bench',
    type: 'kill_switch.released',
    eventId: `bench_warmup_${run}`,
    correlationId: null,
    accountId: null,
    payload: { actorUserId: masterAccountId, reason: 'bench warm-up' },
  });
  await queue.add(warmup.type, warmup, { jobId: warmup.eventId });
  await until(async () => recordedAt.has(warmup.eventId), 20_000, 'the warm-up event');

  const publisher = createEventPublisher<AuditEvent>(queue);
  const cpuBefore = await cpuSeconds(audit.pid);
  const fills = Array.from({ length: fillCount }, (_, n) => fillEvents(n));
  const total = fills.reduce((sum, events) => sum + events.length, 0);
  const fillDone: number[] = [];
  const started = performance.now();
  for (const [n, events] of fills.entries()) {
    const at = started + n * gapMs;
    if (performance.now() < at) await sleep(at - performance.now());
    for (let i = 0; i < events.length; i += 1_000) {
      const chunk = events.slice(i, i + 1_000);
      const now = performance.now();
      for (const event of chunk) enqueuedAt.set(event.eventId, now);
      if (values['one-per-job'])
        await queue.addBulk(
          chunk.map((event) => ({
            name: event.type,
            data: event,
            opts: { jobId: event.eventId.replaceAll(':', '_') },
          })),
        );
      else await publisher.publishMany(chunk);
    }
    process.stderr.write(`fill ${n + 1}/${fillCount}: ${events.length} events enqueued\n`);
  }
  await until(async () => recordedAt.size >= total + 1, timeoutMs, `${total} recorded events`);
  const finished = Math.max(...recordedAt.values());
  const auditCpu = (await cpuSeconds(audit.pid)) - cpuBefore;
  const auditPeakRssMb = await peakRssMb(audit.pid);
  for (const events of fills) {
    const first = enqueuedAt.get(events[0]?.eventId ?? '') ?? 0;
    fillDone.push(Math.max(...events.map((e) => recordedAt.get(e.eventId) ?? 0)) - first);
  }
  recordedAt.delete(warmup.eventId);
  const lags = [...recordedAt].map(([id, at]) => at - (enqueuedAt.get(id) ?? at)).sort((a, b) => a - b);
  const rows = await db.auditLog.count();
  const chain = await verifyChain(db);
  const seconds = (finished - started) / 1_000;
  const result = {
    followers: followerCount,
    fills: fillCount,
    gapMs,
    events: total,
    stored: rows - 1,
    chain: chain.ok ? 'ok' : chain.reason,
    seconds: round(seconds),
    eventsPerSecond: Math.round(total / seconds),
    lagMs: { p50: round(at(lags, 0.5)), p99: round(at(lags, 0.99)), max: round(at(lags, 1)) },
    fillToLastRecordedMs: fillDone.map(round),
    /** CPU the audit process spent on the measured events (user + system), and per 1,000 events. */
    auditCpuSeconds: round(auditCpu),
    auditCpuMsPer1000Events: Math.round((auditCpu * 1_000_000) / total),
    auditPeakRssMb,
    auditEnv,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  if (values.profile)
    process.stderr.write(`audit CPU profile: written to ${resolve(values.profile)} on stop\n`);
  if (rows !== total + 1 || !chain.ok) process.exitCode = 1;
} finally {
  audit?.kill('SIGTERM');
  if (audit && audit.exitCode === null) await new Promise((done) => audit?.once('exit', done));
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  subscriber.disconnect();
  redis.disconnect();
  await db.$disconnect();
  await dropSchema(databaseUrl, schema);
}

function at(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/** user + system CPU seconds of a process, from /proc (Linux). */
async function cpuSeconds(pid: number | undefined): Promise<number> {
  if (pid === undefined) return Number.NaN;
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The process's peak resident memory (VmHWM), in MB. */
async function peakRssMb(pid: number | undefined): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? Number.NaN : Math.round(Number(kb) / 1024);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

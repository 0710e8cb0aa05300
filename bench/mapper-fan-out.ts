// The mapper's share of a fan-out, in one process with nothing else in it: one master fill decided
// for N follows (warm caches, production TTLs) on real Redis, PostgreSQL (own schema) and the
// simulator, timed from the handler's start to each kick enqueued, with the Redis round trips it
// took counted on its connection and the process's CPU time per follower decided. Compares mapper code across checkouts: `--root` names the
// checkout whose mapper runs (default: this one).
// Usage: node bench/mapper-fan-out.ts [--followers 1,100,1000] [--fills 7] [--root /work/main]
//   [--profile file.cpuprofile]: a V8 CPU profile of the timed fills only (seeding left out).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    followers: { type: 'string', default: '1,100,1000' },
    fills: { type: 'string', default: '7' },
    root: { type: 'string', default: resolve(import.meta.dirname, '..') },
    profile: { type: 'string' },
  },
});
const root = resolve(values.root);
const from = (path: string) => import(`${root}/${path}`);
const [{ buildDeps }, { mapMasterFill }, seed, dbTesting, sim, runtime, contracts, ioredis, db] =
  await Promise.all([
    from('services/mapper/src/build-deps.ts'),
    from('services/mapper/src/handlers/map-master-fill.ts'),
    from('services/mapper/src/testing/seed.ts'),
    from('packages/db/src/testing/index.ts'),
    from('packages/exchange-sim/src/index.ts'),
    from('packages/runtime/src/index.ts'),
    from('packages/contracts/src/index.ts'),
    from('node_modules/.pnpm/node_modules/ioredis/built/index.js'),
    from('packages/db/src/index.ts'),
  ]);

const prefix = `mfo-${randomBytes(3).toString('hex')}`;
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = runtime.createRedis(redisUrl, 'worker');
// The Redis server's CPU (user + sys), read on a connection of its own so it counts no round trips:
// the server's, so only meaningful on a Redis nobody else uses (REDIS_URL).
const probe = runtime.createRedis(redisUrl, 'worker');
const redisCpuMs = async () => {
  const info: string = await probe.info('cpu');
  return [...info.matchAll(/used_cpu_(?:sys|user):([\d.]+)/g)].reduce(
    (sum, m) => sum + Number(m[1]) * 1000,
    0,
  );
};
// Round trips on the mapper's connection: each command sent alone, and each pipeline (BullMQ's
// addBulk is one); a pipeline's commands also pass through sendCommand.
const counts = { single: 0, pipelines: 0, pipelined: 0 };
const send = redis.sendCommand.bind(redis);
redis.sendCommand = (command: unknown, stream?: unknown) => {
  counts.single += 1;
  return send(command, stream);
};
const Pipeline = ioredis.default.Pipeline ?? Object.getPrototypeOf(redis.pipeline()).constructor;
const exec = Pipeline.prototype.exec;
Pipeline.prototype.exec = function (this: { length: number }, ...args: unknown[]) {
  counts.pipelines += 1;
  counts.pipelined += this.length;
  return exec.apply(this, args);
};
const simulator = await sim.startSimulator({ port: 0 });
const database = await dbTesting.createTestDatabase('mapperbench');
const sql = db.createSqlPool({ databaseUrl: database.url, poolSize: 4 });
const vault = seed.testVault();
const queue = (name: string) => runtime.createQueue(name, { connection: redis, prefix });
const kicksQueue = queue(contracts.queueNames.copyOrders);
const auditQueue = queue(contracts.queueNames.auditEvents);
const retries = queue(contracts.queueNames.masterFills);
let kickTimes: number[] = [];
const stamp = (n: number) => {
  const at = performance.now();
  for (let i = 0; i < n; i++) kickTimes.push(at);
};
// Both the one-at-a-time `add` (before) and `addBulk` (after): the time each kick was enqueued, in
// mappers that queue kicks as copy-orders jobs.
const kicks = {
  add: async (...args: unknown[]) => {
    const r = await (kicksQueue.add as (...a: unknown[]) => Promise<unknown>)(...args);
    stamp(1);
    return r;
  },
  addBulk: async (jobs: { data: { kicks?: unknown[] } }[]) => {
    const r = await kicksQueue.addBulk(jobs as never);
    // A job of kicks (a fan-out batch) carries many followers' kicks.
    stamp(jobs.reduce((n, job) => n + (job.data.kicks?.length ?? 1), 0));
    return r;
  },
};
const config = {
  QUEUE_PREFIX: prefix,
  MAPPER_BATCH_SIZE: Number(process.env.MAPPER_BATCH_SIZE ?? 128),
  MAPPER_BATCHES_IN_FLIGHT: Number(process.env.MAPPER_BATCHES_IN_FLIGHT ?? 2),
  FOLLOWERS_TTL_MS: 60_000,
  FOLLOWERS_MAX_STALE_MS: 600_000,
  BALANCES_TTL_MS: 60_000,
  BALANCES_MAX_STALE_MS: 600_000,
  COPY_PATH_DEFER_MAX_MS: 2_000,
  PRODUCTS_TTL_MS: 60_000,
  PRODUCTS_MAX_STALE_MS: 600_000,
  TICKER_TTL_MS: 500,
  // Balances are warm REST reads here (earlier checkouts had no streams).
  WALLET_STREAMS: false,
  WALLET_STREAM_IDLE_MS: 900_000,
};
const deps = buildDeps({
  config,
  // Earlier checkouts' mappers read the database through Prisma (`db`), later ones with plain SQL.
  db: database.db,
  sql,
  vault,
  redis,
  kicks,
  retries,
  auditQueue,
  metrics: runtime.createMetrics('mapper-bench'),
  logger: runtime.createLogger({ service: 'mapper-bench', level: 'silent' }),
});
// Later mappers queue each kick in the target step itself (the kick stream): a kick is enqueued when
// its step returns with legs.
if (!('kicks' in deps)) {
  const targets = deps.targets;
  deps.targets = {
    ...targets,
    async applyMany(updates: unknown[]) {
      const results = await targets.applyMany(updates);
      stamp(
        results.filter(
          (r: { ok: boolean; value?: { outcome: string; legs?: unknown[] } }) =>
            r.ok && r.value?.outcome === 'applied' && (r.value.legs?.length ?? 0) > 0,
        ).length,
      );
      return results;
    },
  };
}
const ctx = { db: database.db, vault, sim: simulator };
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => x.toFixed(1);
const profiler = values.profile === undefined ? undefined : new Session();
profiler?.connect();
await profiler?.post('Profiler.enable');
try {
  process.stdout.write(`mapper of ${root}\n`);
  for (const n of values.followers.split(',').map(Number)) {
    const master = await seed.seedAccount(ctx, { role: 'master' });
    for (let i = 0; i < n; i++) {
      const account = await seed.seedAccount(ctx, { role: 'follower', balances: { USD: '10000000' } });
      await seed.seedFollow(ctx.db, master.accountId, account.accountId, {
        mode: 'multiplier',
        multiplier: '1',
      });
    }
    const lasts: number[] = [];
    const firsts: number[] = [];
    const perFollower: number[] = [];
    // CPU of the whole process (mapper, its clients, the warm simulator idle) per follower decided:
    // on a shared machine a steadier figure than wall time.
    const cpuPerFollower: number[] = [];
    const redisCpuPerFollower: number[] = [];
    const fills = Number(values.fills);
    for (let seq = 1; seq <= fills; seq++) {
      const fillId = `f${seq}`;
      const job = contracts.masterFillJob.parse({
        correlationId: contracts.correlationIdOf(master.accountId, fillId),
        masterAccountId: master.accountId,
        fillId,
        symbol: 'BTCUSD',
        productId: 27,
        side: seq % 2 === 1 ? 'buy' : 'sell',
        size: 1,
        price: '60000',
        positionAfter: seq % 2,
        seq,
        occurredAtUs: Date.now() * 1000,
        detectedAtMs: Date.now(),
        source: 'ws',
      });
      kickTimes = [];
      if (seq === 2) await profiler?.post('Profiler.start');
      const before = { ...counts };
      const redisCpu0 = await redisCpuMs();
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const result = await mapMasterFill(deps, job);
      const cpu = process.cpuUsage(cpu0);
      const redisCpu = (await redisCpuMs()) - redisCpu0;
      if (result.outcomes.length !== n || result.retrying.length > 0)
        throw new Error(
          `fill ${seq}: ${result.outcomes.length}/${n} mapped, ${result.retrying.length} retrying`,
        );
      // The first fill warms the caches (follower list, balances, products): not counted.
      if (seq === 1) continue;
      lasts.push(Math.max(...kickTimes) - t0);
      firsts.push(Math.min(...kickTimes) - t0);
      // A pipeline's commands pass through sendCommand too: counted once, as the pipeline.
      const trips =
        counts.single -
        before.single -
        (counts.pipelined - before.pipelined) +
        (counts.pipelines - before.pipelines);
      perFollower.push(trips / n);
      cpuPerFollower.push((cpu.user + cpu.system) / 1000 / n);
      redisCpuPerFollower.push(redisCpu / n);
    }
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(values.profile!, JSON.stringify(profile));
    }
    process.stdout.write(
      `${String(n).padStart(5)} followers: last kick p50 ${ms(pct(lasts, 50))} ms (min ${ms(Math.min(...lasts))}, max ${ms(Math.max(...lasts))}), first kick p50 ${ms(pct(firsts, 50))} ms, Redis round trips per follower ${pct(perFollower, 50).toFixed(2)}, CPU per follower p50 ${pct(cpuPerFollower, 50).toFixed(3)} ms (min ${Math.min(...cpuPerFollower).toFixed(3)}), Redis server CPU per follower p50 ${pct(redisCpuPerFollower, 50).toFixed(3)} ms\n`,
    );
  }
} finally {
  await Promise.all([kicksQueue.close(), auditQueue.close(), retries.close()]);
  await deps.accounts.close();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
  probe.disconnect();
  await sql.end();
  await Promise.all([simulator.stop(), database.drop()]);
}

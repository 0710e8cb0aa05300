// The floor of the copy path's design on this machine: its steps, and nothing else, in one process
// (the "bare floor"): a Lua call (the listener's position step), a BullMQ hop, a Lua call
// (the mapper's target step), a second hop, a PostgreSQL INSERT committed (the intent) and a signed
// keep-alive POST of a market order to the simulator (in its own process), one after the other. Run
// back to back, and after a random pause as a master's fills come, because what one round trip costs
// depends on how long the other side has been idle: beside the chain, a Redis PING, a PostgreSQL
// `SELECT 1` and an HTTP GET of the simulator's product list, each timed after pauses of 0, 1 and 20 ms.
// Usage: pnpm bench:floor [--runs 200] [--max-gap-ms 200]
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { createSqlPool, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import {
  createLogger,
  createQueue,
  createRedis,
  createWorker,
  defaultUrls,
  deleteKeysUnder,
} from '../packages/runtime/src/index.ts';
import { percentile } from './support/stats.ts';
import { signedOrderRequest } from './support/signed-order.ts';
import { control, startSimProcess } from './support/sim-process.ts';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '200' }, 'max-gap-ms': { type: 'string', default: '200' } },
});
const runs = Number(values.runs);
const maxGapMs = Number(values['max-gap-ms']);
if (!(Number.isInteger(runs) && runs >= 10 && runs <= 10_000)) throw new Error('--runs takes 10 to 10000');
if (!(maxGapMs >= 1 && maxGapMs <= 5_000)) throw new Error('--max-gap-ms takes 1 to 5000');

const run = randomBytes(3).toString('hex');
const prefix = `floor-${run}`;
const schema = `bench_floor_${run}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const producer = createRedis(redisUrl, 'worker');
const consumer = createRedis(redisUrl, 'worker');
const sql = createSqlPool({ databaseUrl: withSchema(baseUrl, schema), poolSize: 2 });
const { child: sim, url: simUrl } = await startSimProcess(false);
const logger = createLogger({ service: 'floor-bench', level: 'warn' });
// Workers, queues and the HTTP pool, closed before the keys are removed, also when a chain failed.
const closers: (() => Promise<unknown>)[] = [];

// A step of the size of ours: a few hash fields read and written in one script.
producer.defineCommand('floorStep', {
  numberOfKeys: 1,
  lua: `redis.call('HINCRBY', KEYS[1], 'seq', 1)
return redis.call('HINCRBY', KEYS[1], 'position', ARGV[1])`,
});
const step = (key: string, delta: number) =>
  (producer as unknown as { floorStep(k: string, d: number): Promise<number> }).floorStep(key, delta);

try {
  await control(simUrl, 'PUT', '/rate-limit', { quota: 1_000_000_000 });
  const account = (await control(simUrl, 'POST', '/accounts', {
    label: 'floor',
    balances: { USD: '1000000000' },
  })) as { userId: number; apiKey: string; apiSecret: string };
  const http = new Pool(simUrl, { connections: 4 });
  closers.push(() => http.close());
  const orderIdOf = (n: number) => `floor${run}${n}`;
  const postOrder = async (n: number) => {
    const body = `{"product_id":27,"size":1,"side":"${n % 2 === 0 ? 'buy' : 'sell'}","order_type":"market_order","client_order_id":"${orderIdOf(n)}"}`;
    const res = await http.request(signedOrderRequest(account, body));
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`order refused: ${res.statusCode} ${text}`);
  };
  await sql.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await sql.query(
    'CREATE TABLE floor_intents (id bigserial PRIMARY KEY, client_order_id text UNIQUE NOT NULL, sent_at timestamptz NOT NULL DEFAULT now())',
  );

  // Each run's end, or its failure: a chain that breaks stops the benchmark instead of hanging it.
  const done = new Map<number, { resolve(): void; reject(error: unknown): void }>();
  const second = createQueue<{ n: number }>('floor-b', { connection: producer, prefix });
  const first = createQueue<{ n: number }>('floor-a', { connection: producer, prefix });
  closers.push(
    () => first.close(),
    () => second.close(),
  );
  const workers = [
    createWorker<{ n: number }, void>(
      'floor-a',
      async (job) => {
        await step(`${prefix}:book`, 1);
        await second.add('kick', job.data, { jobId: `k${job.data.n}` });
      },
      { connection: consumer, prefix, logger, concurrency: 16 },
    ),
    createWorker<{ n: number }, void>(
      'floor-b',
      async (job) => {
        const chain = done.get(job.data.n);
        try {
          await sql.query({
            name: 'floor_insert',
            text: 'INSERT INTO floor_intents (client_order_id) VALUES ($1)',
            values: [orderIdOf(job.data.n)],
          });
          await postOrder(job.data.n);
          chain?.resolve();
        } catch (error) {
          chain?.reject(error);
        }
      },
      { connection: consumer, prefix, logger, concurrency: 16 },
    ),
  ];
  closers.unshift(...workers.map((w) => () => w.close()));
  let n = 0;
  const chainOnce = async () => {
    const id = n++;
    const finished = new Promise<void>((resolve, reject) => done.set(id, { resolve, reject }));
    // The chain may fail before its add has answered: handled here, thrown below by the await.
    finished.catch(() => {});
    const started = performance.now();
    await step(`${prefix}:position`, 1);
    await first.add('fill', { n: id }, { jobId: `f${id}` });
    await finished;
    done.delete(id);
    return performance.now() - started;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const summary = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const f = (p: number) => percentile(s, p).toFixed(2);
    return `p50 ${f(0.5)} / p90 ${f(0.9)} / p99 ${f(0.99)} ms`;
  };

  // Warm: V8 compiles these paths after they have run a while, as it has in long-running services.
  for (let i = 0; i < 200; i++) await chainOnce();
  const backToBack: number[] = [];
  const paused: number[] = [];
  for (let i = 0; i < runs; i++) {
    backToBack.push(await chainOnce());
    await pause(Math.random() * maxGapMs);
    paused.push(await chainOnce());
  }
  process.stdout.write(
    `the chain (Lua, hop, Lua, hop, INSERT committed, signed POST), ${runs} runs each:\n` +
      `  back to back:                      ${summary(backToBack)}\n` +
      `  after a random 0–${maxGapMs} ms pause:    ${summary(paused)}\n`,
  );

  const probes: [string, () => Promise<unknown>][] = [
    ['Redis PING', () => producer.ping()],
    ['PostgreSQL SELECT 1', () => sql.query('SELECT 1')],
    [
      'HTTP GET /v2/products (sim)',
      async () => (await http.request({ path: '/v2/products', method: 'GET' })).body.dump(),
    ],
  ];
  process.stdout.write('one round trip after a pause of 0 / 1 / 20 ms (p50, µs):\n');
  for (const [name, probe] of probes) {
    const medians: string[] = [];
    for (const gapMs of [0, 1, 20]) {
      const xs: number[] = [];
      for (let i = 0; i < Math.min(runs, 300); i++) {
        if (gapMs > 0) await pause(gapMs);
        const t = performance.now();
        await probe();
        xs.push((performance.now() - t) * 1000);
      }
      medians.push(
        percentile(
          xs.sort((a, b) => a - b),
          0.5,
        ).toFixed(0),
      );
    }
    process.stdout.write(`  ${name.padEnd(28)} ${medians.join(' / ')}\n`);
  }
  // Every chain ends in an order: the simulator's own record says each was taken, once.
  const orders = (await control(simUrl, 'GET', `/accounts/${account.userId}/orders`, undefined)) as {
    client_order_id: string | null;
  }[];
  const placed = new Set(orders.map((o) => o.client_order_id));
  if (orders.length !== n || placed.size !== n)
    throw new Error(`the simulator took ${orders.length} orders (${placed.size} distinct) for ${n} chains`);
  process.stdout.write(`orders taken by the simulator: ${orders.length} for ${n} chains\n`);
} finally {
  for (const close of closers) await close();
  sim.kill('SIGTERM');
  await deleteKeysUnder(producer, prefix);
  producer.disconnect();
  consumer.disconnect();
  await sql.end();
  await dropSchema(baseUrl, schema);
}

// Master-to-follower copy latency with every service in its own process, as they are deployed:
// the simulator, audit, executor, mapper and listener are five child processes; this driver trades
// as the master and waits for every follower's order after each trade.
// Usage: node bench/copy-latency.ts [--followers 10] [--trades 30] [--profile executor]
// (--profile writes a V8 CPU profile of that service to bench/results/.)
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ephemeralVault, seedAccount, seedFollow } from '../packages/accounts/src/testing/index.ts';
import { createDb, migrate, withSchema } from '../packages/db/src/index.ts';
import { dropSchema } from '../packages/db/src/testing/index.ts';
import { DeltaRestClient } from '../packages/delta-client/src/index.ts';
import { createRedis, defaultUrls } from '../packages/runtime/src/index.ts';
import { serviceEnv } from './support/bench-stage.ts';
import { control, startSimProcess } from './support/sim-process.ts';

const { values } = parseArgs({
  options: {
    followers: { type: 'string', default: '10' },
    trades: { type: 'string', default: '30' },
    profile: { type: 'string' },
    'nice-audit': { type: 'boolean', default: false },
  },
});
const followerCount = Math.min(Math.max(Number(values.followers), 1), 100);
const trades = Math.min(Math.max(Number(values.trades), 1), 500);
const warmup = 2;
const root = resolve(import.meta.dirname, '..');
const run = randomBytes(3).toString('hex');
const prefix = `bench-${run}`;
const schema = `bench_${run}`;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const databaseUrl = withSchema(baseUrl, schema);

const redis = createRedis(redisUrl, 'worker');
await migrate({ databaseUrl });
const db = createDb({ databaseUrl });
const sim = await startSimProcess(false);
const children: ChildProcess[] = [sim.child];
const { vault, keysSpec, activeKeyId } = ephemeralVault();
type Credentials = { userId: number; apiKey: string; apiSecret: string };
const exchange = { restUrl: sim.url, wsUrl: sim.url.replace(/^http/, 'ws') };

try {
  await control(sim.url, 'PUT', '/mark-prices/BTCUSD', { price: '60000' });
  const masterKeys = (await control(sim.url, 'POST', '/accounts', {
    balances: { USD: '10000000' },
  })) as Credentials;
  const { accountId: masterId } = await seedAccount(db, vault, {
    role: 'master',
    label: 'master',
    exchange,
    credentials: masterKeys,
  });
  for (let i = 0; i < followerCount; i += 1) {
    const keys = (await control(sim.url, 'POST', '/accounts', {
      balances: { USD: '1000000' },
    })) as Credentials;
    const { accountId } = await seedAccount(db, vault, {
      role: 'follower',
      label: `f${i}`,
      exchange,
      credentials: keys,
    });
    await seedFollow(db, {
      masterAccountId: masterId,
      followerAccountId: accountId,
      mode: 'multiplier',
      multiplier: '1',
    });
  }

  const env = serviceEnv({ redisUrl, databaseUrl, prefix, keysSpec, activeKeyId });
  for (const service of ['audit', 'executor', 'mapper', 'listener']) {
    const profile = values.profile === service ? ['--cpu-prof', '--cpu-prof-dir=bench/results'] : [];
    const command = [process.execPath, ...profile, `services/${service}/src/main.ts`];
    // The audit trail may lag by design: on a machine this small it must not take CPU from the copy path.
    const niced = service === 'audit' && values['nice-audit'] ? ['nice', '-n', '15', ...command] : command;
    children.push(
      spawn(niced[0]!, niced.slice(1), {
        cwd: root,
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
  }
  // The master is watched once its cursor exists: every fill after it is copied.
  await until(
    async () => (await db.listenerCursor.count({ where: { accountId: masterId } })) === 1,
    20_000,
    'listener',
  );

  const master = new DeltaRestClient({ baseUrl: sim.url, ...masterKeys, clockSyncIntervalMs: 0 });
  for (let i = 0; i < warmup + trades; i += 1) {
    await master.placeOrder({
      productSymbol: 'BTCUSD',
      side: i % 2 === 0 ? 'buy' : 'sell',
      size: 10,
      orderType: 'market_order',
    });
    const expected = followerCount * (i + 1);
    await until(
      async () => (await db.orderIntent.count({ where: { state: 'accepted' } })) >= expected,
      15_000,
      `trade ${i + 1}`,
    );
  }
  await master.close();
  const total = followerCount * (warmup + trades);
  await until(
    async () => (await db.copyTrade.count({ where: { latencyMs: { not: null } } })) >= total,
    30_000,
    'audit',
  );

  // The first trades pay for cold caches and new connections; they are not counted.
  const counted = `mf.sequence > ${warmup}`;
  const rows = await db.$queryRawUnsafe<{ detected: number; exchange: number }[]>(`
    SELECT ct.latency_ms::float8 AS detected,
           (extract(epoch FROM (oi.resolved_at - mf.occurred_at)) * 1000)::float8 AS exchange
      FROM copy_trades ct
      JOIN order_intents oi ON oi.client_order_id = ct.client_order_id
      JOIN master_fills mf ON mf.account_id = ct.master_account_id AND mf.fill_id = ct.master_trade_id
     WHERE ${counted}`);
  const spreads = await db.$queryRawUnsafe<{ spread: number }[]>(`
    SELECT (max(ct.latency_ms) - min(ct.latency_ms))::float8 AS spread
      FROM copy_trades ct
      JOIN master_fills mf ON mf.account_id = ct.master_account_id AND mf.fill_id = ct.master_trade_id
     WHERE ${counted} GROUP BY ct.master_trade_id`);
  const detected = rows.map((r) => r.detected).sort((a, b) => a - b);
  const fromExchange = rows.map((r) => r.exchange).sort((a, b) => a - b);
  const spread = spreads.map((r) => r.spread).sort((a, b) => a - b);
  // Where the time goes: exchange fill → intent written (listener, mapper, two queue hops, executor
  // pick-up), then intent written → order accepted and recorded (the exchange round trip).
  const stages = await db.$queryRawUnsafe<{ before: number; after: number }[]>(`
    SELECT (extract(epoch FROM (oi.created_at - mf.occurred_at)) * 1000)::float8 AS before,
           (extract(epoch FROM (oi.resolved_at - oi.created_at)) * 1000)::float8 AS after
      FROM order_intents oi
      JOIN master_fills mf ON 'mf_' || mf.account_id || '_' || mf.fill_id = oi.correlation_id
     WHERE ${counted}`);
  const summary = {
    followers: followerCount,
    trades,
    copies: rows.length,
    detectedToAcceptedMs: stats(detected),
    exchangeFillToAcceptedMs: stats(fromExchange),
    fanOutSpreadMs: stats(spread),
    fillToIntentMs: stats(stages.map((r) => r.before).sort((a, b) => a - b)),
    intentToAcceptedMs: stats(stages.map((r) => r.after).sort((a, b) => a - b)),
  };
  console.log(JSON.stringify(summary));
  const line = (name: string, s: ReturnType<typeof stats>) =>
    `${name}: p50 ${s.p50} ms, p90 ${s.p90} ms, p99 ${s.p99} ms, max ${s.max} ms`;
  console.log(`copy-latency (${followerCount} followers × ${trades} trades, one process per service):`);
  console.log(`  ${line('master fill seen → follower order accepted', summary.detectedToAcceptedMs)}`);
  console.log(`  ${line('exchange fill time → follower order accepted', summary.exchangeFillToAcceptedMs)}`);
  console.log(`  ${line('first → last follower of one trade', summary.fanOutSpreadMs)}`);
  console.log(`  ${line('  of which exchange fill → intent written', summary.fillToIntentMs)}`);
  console.log(`  ${line('  of which intent written → order accepted', summary.intentToAcceptedMs)}`);
} finally {
  for (const child of children.reverse()) await stop(child);
  await db.$disconnect();
  await dropSchema(baseUrl, schema);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

function stats(sorted: number[]) {
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99), max: at(1) };
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

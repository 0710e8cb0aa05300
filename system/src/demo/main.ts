// `pnpm demo`: the simulator and every service in one process, a master and eight followers,
// a realistic master session, each copy shown as it happens, then a summary.
import { randomBytes } from 'node:crypto';
import { describeBrokenChain, type LiveEvent, verifyChain } from '@copytrade/audit-log';
import { ephemeralVault } from '@copytrade/accounts/testing';
import { channels, queueNames, redisKeys } from '@copytrade/contracts';
import { createDb, migrate, withSchema } from '@copytrade/db';
import { dropSchema } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { startSimulator } from '@copytrade/exchange-sim';
import { issueApiKey, provisionUser } from '@copytrade/gateway/provision';
import { createLogger, createRedis, defaultUrls } from '@copytrade/runtime';
import { Queue } from 'bullmq';
import { pino } from 'pino';
import { settlement, waitSettled } from '../observe/follower-state.ts';
import { pipelineProbe } from '../observe/pipeline-idle.ts';
import { startSystem } from '../start-system.ts';
import { castThroughGateway } from './cast.ts';
import { gatewayClient } from './gateway-client.ts';
import { startDemoNotifications } from './notifications/demo-notifications.ts';
import { liveLine, paint, percentile, signed } from './printer.ts';
import { nextMarkPrice, type WalkStep } from './random-walk.ts';
import { masterSession, sessionSymbols } from './session.ts';
import { shouldStayUp } from './stay-up.ts';
import { describeOutcome, outcomeBook } from './trade-outcome.ts';
import { startWalkLoop } from './walk-loop.ts';

// One name for the schema and the queue prefix; a test running the demo beside a person's picks its own.
const prefix = process.env.DEMO_PREFIX ?? 'demo';
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(prefix))
  throw new Error(`DEMO_PREFIX must be lower-case letters, digits and _ (a schema name), not "${prefix}"`);
const schema = prefix;
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const baseUrl = process.env.DATABASE_URL ?? defaultUrls.database;
const databaseUrl = withSchema(baseUrl, schema);
const out = (line = '') => process.stdout.write(`${line}\n`);

out(paint.bold('copytrade demo') + paint.dim('  — a master on a Delta-compatible exchange, eight followers'));
const redis = createRedis(redisUrl, 'worker');
const subscriber = createRedis(redisUrl, 'worker');
// A fresh stage: this demo's schema and keys only.
const stale = await redis.keys(`${prefix}:*`);
if (stale.length > 0) await redis.del(...stale);
await dropSchema(baseUrl, schema);
await migrate({ databaseUrl });
const db = createDb({ databaseUrl });
const sim = await startSimulator({ port: 0 });
// The notifier shares this one process with the copy path and slows it here (README: the demo's
// latency with and without it); `--no-notifications` leaves it out.
const notifications = process.argv.includes('--no-notifications')
  ? undefined
  : await startDemoNotifications();
for (const step of masterSession) sim.control.setMarkPrice(step.symbol, step.markPrice);
const { keysSpec, activeKeyId } = ephemeralVault();

// Copies of the first master trade pay for cold caches and new connections; reported apart.
const latencies: number[] = [];
const coldLatencies: number[] = [];
let currentStep = 0;
const skips = new Map<string, number>();
let rejections = 0;
// After the summary, a watching person gets one line per master trade instead of one per copy.
const watched = outcomeBook();
let watching = false;
await subscriber.subscribe(channels(prefix).liveEvents);
subscriber.on('message', (_channel, message) => {
  const event = JSON.parse(message) as LiveEvent;
  if (watching) {
    watched.add(event);
    return;
  }
  if (event.type === 'order.accepted')
    (currentStep <= 1 ? coldLatencies : latencies).push(event.payload.latencyMs);
  if (event.type === 'copy.skipped')
    skips.set(event.payload.reason, (skips.get(event.payload.reason) ?? 0) + 1);
  if (event.type === 'order.rejected') rejections += 1;
  const line = liveLine(event, (id) => labels.get(id) ?? id.slice(0, 6));
  if (line) out(line);
});

const logger = createLogger({
  service: 'demo',
  level: process.env.LOG_LEVEL ?? 'warn',
  destination: pino.destination(2),
});
const system = await startSystem({
  redisUrl,
  databaseUrl,
  prefix,
  vaultKeys: keysSpec,
  vaultActiveKeyId: activeKeyId,
  logger,
  gateway: true,
  notifier: notifications !== undefined,
  env: {
    GAP_FILL_INTERVAL_MS: '2000',
    LEASE_RENEW_MS: '500',
    RECONCILE_INTERVAL_MS: '1000',
    EXCHANGE_VENUES: `${sim.restUrl}|${sim.wsUrl}`,
    GATEWAY_PORT: process.env.GATEWAY_PORT ?? '0',
    GATEWAY_HOST: '127.0.0.1',
    COOKIE_SECURE: 'false',
    ...notifications?.env,
  },
});
// An operator signs in to the gateway; the demo drives it with the operator's API key.
const password = randomBytes(9).toString('base64url');
const operator = await provisionUser(db, {
  email: 'operator@demo.copytrade',
  name: 'Demo operator',
  role: 'operator',
  password,
});
const gatewayUrl = `http://127.0.0.1:${system.gateway!.port}`;
const gateway = gatewayClient(gatewayUrl, (await issueApiKey(db, operator.id, 'demo')).key);
const cast = await castThroughGateway(gateway, sim);
const labels = new Map(cast.followers.map((f) => [f.accountId, f.label]));
// hank has been at twice today's equity: he is in drawdown and must not open new risk.
const hank = cast.followers.find((f) => f.label === 'hank')!;
await redis.set(redisKeys(prefix).peakEquity(hank.accountId), '100000');
await notifications?.subscribe(gateway);

out(
  paint.dim(`  exchange simulator ${sim.restUrl}   database schema "${schema}"   queue prefix "${prefix}"`),
);
out(
  `  gateway ${gatewayUrl}  ${paint.dim(`(dashboard ${gatewayUrl}/trades, API docs ${gatewayUrl}/docs, queues ${gatewayUrl}/admin/queues; log in as operator@demo.copytrade / ${password})`)}`,
);
out(paint.dim('  accounts and follows created through the gateway API, each key verified with the exchange'));
for (const f of cast.followers) out(paint.dim(`  follower ${f.label.padEnd(6)} ${f.note}`));
out(paint.dim(`  ${notifications?.describe() ?? 'notifications: off (--no-notifications)'}`));

const probe = pipelineProbe(redis, prefix);
const master = new DeltaRestClient({ baseUrl: sim.restUrl, ...cast.master, clockSyncIntervalMs: 0 });
const masterPosition: Record<string, number> = {};
let failed = false;

try {
  const started = Date.now();
  while (!system.listeners[0]!.supervisor.watched().includes(cast.masterAccountId)) {
    if (Date.now() - started > 10_000) throw new Error('the listener did not pick the master up');
    await new Promise((r) => setTimeout(r, 20));
  }
  for (const [i, step] of masterSession.entries()) {
    currentStep = i + 1;
    sim.control.setMarkPrice(step.symbol, step.markPrice);
    masterPosition[step.symbol] =
      (masterPosition[step.symbol] ?? 0) + (step.side === 'buy' ? step.size : -step.size);
    out();
    out(
      `${paint.bold(`step ${i + 1}/${masterSession.length}`)}  master ${step.side.toUpperCase()} ${step.size} ${step.symbol} @ ${step.markPrice}  ${paint.dim(`(${step.what}; master now ${signed(masterPosition[step.symbol]!)})`)}`,
    );
    await master.placeOrder({
      productSymbol: step.symbol,
      side: step.side,
      size: step.size,
      orderType: 'market_order',
    });
    const rows = await waitSettled(
      () => settlement(redis, sim, prefix, cast.followers, [step.symbol]),
      () => probe.caughtUp(cast.masterAccountId, masterPosition),
    );
    await waitForAudit();
    out(
      `    ${paint.dim('on the exchange, every follower at its target:')} ${rows.map((r) => `${r.follower.label} ${signed(r.position)}`).join('  ')}`,
    );
  }
  await exitSyncScene();
} catch (error) {
  failed = true;
  out(paint.red(`\ndemo failed: ${(error as Error).message}`));
}

// What the session set off is still on its way (the last copies' webhooks, an email waiting for its window).
const delivered = await notifications?.report(db, await masterFillTimes());
const final = await settlement(redis, sim, prefix, cast.followers, sessionSymbols);
const chain = await verifyChain(db);
const copies = await db.copyTrade.count({ where: { status: { in: ['filled', 'accepted'] } } });
const sorted = [...latencies].sort((a, b) => a - b);
out();
out(paint.bold('summary'));
out(
  `  copies placed       ${copies} follower orders for ${masterSession.length} master trades (${rejections} rejected)`,
);
out(`  skips               ${[...skips].map(([reason, n]) => `${reason} × ${n}`).join(', ') || 'none'}`);
out(
  `  latency             master fill seen → follower order accepted, steps 2–${masterSession.length}: p50 ${percentile(sorted, 50)} ms, p90 ${percentile(sorted, 90)} ms, p99 ${percentile(sorted, 99)} ms, max ${sorted.at(-1)} ms (n=${sorted.length})`,
);
out(
  `                      step 1 (cold: first vault opens, clock syncs, connections): max ${Math.max(...coldLatencies)} ms (n=${coldLatencies.length})`,
);
out(
  paint.dim(
    `                      (every service, the exchange and this demo share one Node process here${notifications ? '; the notifier and its deliveries too, --no-notifications leaves them out' : ''})`,
  ),
);
if (delivered) {
  out(`  webhooks            ${delivered.webhooks}`);
  out(
    `  emails              ${delivered.emails}${delivered.caughtUp ? '' : paint.red(' (the notifier had not caught up yet)')}`,
  );
}
const mismatched = final.filter((r) => r.position !== r.target);
out(
  `  final positions     ${mismatched.length === 0 ? paint.green(`all ${final.length} follower×symbol positions equal their targets`) : paint.red(`${mismatched.length} differ from their targets`)}`,
);
out(
  `  audit chain         ${chain.ok ? paint.green(`${chain.count} events, hash chain verified`) : paint.red(describeBrokenChain(chain))}`,
);
out(
  paint.dim(
    `  records kept in PostgreSQL schema "${schema}" (copy_trades, trade_sync_status, trade_history, audit_log)`,
  ),
);

const healthy = !failed && mismatched.length === 0 && chain.ok;
if (healthy && shouldStayUp({ stdoutIsTTY: process.stdout.isTTY, argv: process.argv })) await watch();

await system.stop();
await probe.close();
await master.close();
await sim.stop();
await notifications?.close();
await db.$disconnect();
subscriber.disconnect();
redis.disconnect();
process.exit(healthy ? 0 : 1);

/**
 * Stays up for a person at the terminal: the master trades BTCUSD on a slow random walk, one line per
 * trade with its copies' outcome, until Ctrl-C (or SIGTERM); then the caller closes everything.
 */
async function watch(): Promise<void> {
  const symbol = 'BTCUSD';
  let markPrice = Number(masterSession.findLast((s) => s.symbol === symbol)!.markPrice);
  out();
  out(
    `${paint.bold('watching')}  the master now trades ${symbol} on a slow random walk (within ±60, now and then flat); open ${gatewayUrl}/live ${paint.dim(`(operator@demo.copytrade / ${password})`)}; Ctrl-C to stop`,
  );
  watching = true;
  const before = notifications?.counts();
  const walk = startWalkLoop({
    position: masterPosition[symbol] ?? 0,
    limits: { bound: 60, maxTrade: 15, flatChance: 0.12 },
    pauseMs: { min: 2_000, max: 4_000 },
    random: Math.random,
    trade: (step) => {
      markPrice = nextMarkPrice(markPrice, Math.random);
      return walkTrade(symbol, step, markPrice);
    },
    onError: (error) => out(paint.red(`    the master's order failed: ${(error as Error).message}`)),
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  // A second Ctrl-C does not wait for the trade in flight.
  const now = () => process.exit(130);
  process.once('SIGINT', now);
  process.once('SIGTERM', now);
  out();
  out(paint.dim('stopping: the trade in flight settles, then every service closes'));
  await walk.stop();
  watching = false;
  const after = notifications?.counts();
  if (before && after)
    out(
      paint.dim(
        `while watching: ${after.webhooks - before.webhooks} webhooks and ${after.emails - before.emails} emails arrived`,
      ),
    );
}

/** When the exchange filled each master fill the platform recorded, by the fill's correlation id. */
async function masterFillTimes(): Promise<Map<string, number>> {
  const filledAt = new Map(
    sim.control.fills(cast.master.userId).map((fill) => [String(fill.id), Number(fill.created_at) / 1_000]),
  );
  const recorded = await db.auditLog.findMany({
    where: { type: 'master_fill.recorded' },
    select: { correlationId: true, payload: true },
  });
  const times = new Map<string, number>();
  for (const row of recorded) {
    const at = filledAt.get(String((row.payload as { fillId?: unknown }).fillId));
    if (row.correlationId !== null && at !== undefined) times.set(row.correlationId, at);
  }
  return times;
}

/** One master trade of the walk and one line: the trade, and what became of its copies. */
async function walkTrade(symbol: string, step: WalkStep, markPrice: number): Promise<void> {
  sim.control.setMarkPrice(symbol, String(markPrice));
  const mark = watched.mark();
  await master.placeOrder({
    productSymbol: symbol,
    side: step.side,
    size: step.size,
    orderType: 'market_order',
  });
  masterPosition[symbol] = step.after;
  const clock = new Date().toISOString().slice(11, 19);
  const trade = `${clock}  master ${step.side.toUpperCase()} ${String(step.size).padStart(2)} ${symbol} @ ${markPrice}  ${paint.dim(`(now ${signed(step.after)}${step.exit ? ', flat' : ''})`)}`;
  let settled: string;
  try {
    await waitSettled(
      () => settlement(redis, sim, prefix, cast.followers, [symbol]),
      () => probe.caughtUp(cast.masterAccountId, masterPosition),
    );
    settled = paint.green('every follower at its target');
  } catch (error) {
    settled = paint.red((error as Error).message);
  }
  await waitForAudit();
  out(`${trade}  → ${describeOutcome(watched.since(mark))}; ${settled}`);
}

/** Exit-sync at work: a follower trades by hand against its copy, and is brought back to its target. */
async function exitSyncScene(): Promise<void> {
  const alice = cast.followers.find((f) => f.label === 'alice')!;
  const symbol = 'BTCUSD';
  const [row] = await settlement(redis, sim, prefix, [alice], [symbol]);
  out();
  out(
    `${paint.bold('exit sync')}  alice buys 5 ${symbol} by hand, against her copy ${paint.dim(`(target ${signed(row!.target)})`)}`,
  );
  const own = new DeltaRestClient({ baseUrl: sim.restUrl, apiKey: alice.apiKey, apiSecret: alice.apiSecret });
  await own.placeOrder({ productSymbol: symbol, side: 'buy', size: 5, orderType: 'market_order' });
  await own.close();
  const drifted = Date.now();
  const rows = await waitSettled(
    () => settlement(redis, sim, prefix, [alice], [symbol]),
    () => probe.caughtUp(cast.masterAccountId, masterPosition),
    15_000,
  );
  await waitForAudit();
  out(
    `    ${paint.dim('back at her target on the exchange')} ${signed(rows[0]!.position)} ${paint.dim(`after ${Date.now() - drifted} ms (reconcile every 1 s)`)}`,
  );
}

async function waitForAudit(): Promise<void> {
  const audit = new Queue(queueNames.auditEvents, { connection: redis, prefix });
  try {
    for (let i = 0; i < 500; i += 1) {
      const counts = await audit.getJobCounts('waiting', 'active', 'delayed');
      if (Object.values(counts).every((n) => n === 0)) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise((r) => setTimeout(r, 30));
  } finally {
    await audit.close();
  }
}

// The benchmark's measurements, each on its own master so its fills and follower orders stand apart
// in the simulator's timeline.
import type { ChildProcess } from 'node:child_process';
import { correlationIdOf } from '../../packages/contracts/src/index.ts';
import { clientOrderId, type LegKind } from '../../packages/copy-engine/src/index.ts';
import type { Db } from '../../packages/db/src/index.ts';
import { DeltaRestClient } from '../../packages/delta-client/src/index.ts';
import type { TimelineEvent } from '../../packages/exchange-sim/src/index.ts';
import type { Redis } from '../../packages/runtime/src/index.ts';
import type { Vault } from '../../packages/vault/src/index.ts';
import { startBaseline } from './baseline-process.ts';
import { control } from './sim-process.ts';
import { stopProcess, UsageWindow } from './processes.ts';
import { startServerCalls } from './server-calls.ts';
import { startTableWrites } from './table-writes.ts';
import { waitForAuditCaughtUp } from './audit-backlog.ts';
import type { Progress } from './progress.ts';
import {
  createSimAccounts,
  retire,
  type SeededAccount,
  type SimAccount,
  seedBrokerAccounts,
  seedFollows,
} from './seed.ts';
import { ratio, summarize } from './stats.ts';
import { type CopyIdsOf, fillsOf, matchFills, ordersBy, type TimelineReader } from './timeline-reader.ts';

export interface BenchContext {
  root: string;
  simUrl: string;
  db: Db;
  /** The driver's own connection to the services' Redis (for the server's counts). */
  redis: Redis;
  vault: Vault;
  reader: TimelineReader;
  progress: Progress;
  processes: { name: string; pid: number | undefined }[];
  configDir: string;
  /** The exchange latency profile's name, for the progress line. */
  profile: string;
  /** Upper bound of the injected one-way latency (ms), to size timeouts. */
  latencyMs: number;
  /** How long one fill may take to reach all of our followers: base + per follower. */
  fillTimeout: { baseMs: number; perFollowerMs: number };
  /** Audit jobs queued and not yet recorded. */
  auditBacklog(): Promise<number>;
}

/** Our copies carry client order ids starting 'cp' (exit-sync's corrections 'cr' are not copies). */
export const isCopy = (clientOrderId: string | null) => clientOrderId?.startsWith('cp') ?? false;

/** A copy order placed for one of these accounts. */
export const copyOrderFor =
  (userIds: ReadonlySet<number>) =>
  (e: TimelineEvent): boolean =>
    e.kind === 'order' && userIds.has(e.userId) && isCopy(e.clientOrderId);
const MASTER_ORDER_SIZE = 10;

/** An account's BTCUSD position on the simulator, from its own record. */
async function btcPosition(simUrl: string, userId: number): Promise<number> {
  const positions = (await control(simUrl, 'GET', `/accounts/${userId}/positions`, undefined)) as Array<{
    product_symbol: string;
    size: number;
  }>;
  return positions.find((p) => p.product_symbol === 'BTCUSD')?.size ?? 0;
}

export async function seedMaster(
  ctx: Pick<BenchContext, 'simUrl' | 'db' | 'vault'>,
  followers: number,
  label: string,
) {
  const exchange = { restUrl: ctx.simUrl, wsUrl: ctx.simUrl.replace(/^http/, 'ws') };
  const [masterKeys] = await createSimAccounts(ctx.simUrl, 1, '100000000');
  const [master] = await seedBrokerAccounts(ctx.db, ctx.vault, { role: 'master', label, exchange }, [
    masterKeys!,
  ]);
  const followerKeys = await createSimAccounts(ctx.simUrl, followers, '10000000');
  const ours = await seedBrokerAccounts(
    ctx.db,
    ctx.vault,
    { role: 'follower', label: `${label}-f`, exchange },
    followerKeys,
  );
  await seedFollows(ctx.db, master!.accountId, ours);
  // The listener watches a master once its cursor exists: every fill after it is copied.
  await until(
    async () => (await ctx.db.listenerCursor.count({ where: { accountId: master!.accountId } })) === 1,
    30_000,
    `the listener to watch ${label}`,
  );
  const client = new DeltaRestClient({
    baseUrl: ctx.simUrl,
    apiKey: master!.apiKey,
    apiSecret: master!.apiSecret,
    clockSyncIntervalMs: 0,
  });
  return { master: master!, ours, client };
}

export const placeMasterOrder = (client: DeltaRestClient, i: number) =>
  client.placeOrder({
    productSymbol: 'BTCUSD',
    side: i % 2 === 0 ? 'buy' : 'sell',
    size: MASTER_ORDER_SIZE,
    orderType: 'market_order',
  });

const round2 = (ms: number) => Math.round(ms * 100) / 100;

const LEG_KINDS: LegKind[] = ['open', 'close', 'increase', 'reduce'];

/** The client order ids our followers' copies of a master's fill carry, per follower (sim user id). */
export function copyIdsOf(
  masterAccountId: string,
  followers: { userId: number; accountId: string }[],
): CopyIdsOf {
  const accountOf = new Map(followers.map((f) => [f.userId, f.accountId]));
  return (fill, userId) => {
    const follower = accountOf.get(userId);
    if (follower === undefined || fill.fillId === undefined) return new Set();
    const correlationId = correlationIdOf(masterAccountId, String(fill.fillId));
    return new Set(LEG_KINDS.map((leg) => clientOrderId(correlationId, follower, leg)));
  };
}

function judge(
  fills: TimelineEvent[],
  orders: Map<number, TimelineEvent[]>,
  warmup: number,
  copyIds?: CopyIdsOf,
) {
  const matched = matchFills(fills, orders, copyIds);
  const latencies = matched.latencies.slice(warmup).flat();
  const last = matched.lastArrival.slice(warmup);
  return {
    received: matched.received,
    expected: fills.length * orders.size,
    copyLatencyMs: summarize(latencies),
    lastFollowerMs: summarize(last.filter((l): l is number => l !== null)),
    /** Fills (after warm-up) for which some follower's order never arrived. */
    incompleteFills: last.filter((l) => l === null).length,
    samplesMs: latencies.map(round2),
    lastFollowerSamplesMs: last.map((l) => (l === null ? null : round2(l))),
    /** Should any copy order not pair with its fill, the first few: the latencies above are then off. */
    ...(matched.beforeTheirFill.length > 0 ? { ordersBeforeTheirFill: matched.beforeTheirFill } : {}),
    /** Copy orders that carry no fill's copy id (a resync's, or a copy sent twice), the first few. */
    ...(matched.answeringNoFill.length > 0 ? { ordersAnsweringNoFill: matched.answeringNoFill } : {}),
  };
}

export type Judged = ReturnType<typeof judge>;

const WARMUP_GAP_MS = 10;

/**
 * A measurement's CPU until the audit service has recorded what it queued: the audit waits for
 * bursts of copies to pass and falls behind under a sustained load, so a window that ends with the
 * last copy leaves out its work, and PostgreSQL's for it. Read from the same start as the window.
 */
async function untilAuditCaughtUp(ctx: BenchContext, usage: UsageWindow, step: (text: string) => void) {
  const auditCaughtUpMs = await waitForAuditCaughtUp(ctx.auditBacklog, (jobs) =>
    step(`waiting for the audit service: ${jobs} jobs`),
  );
  return { auditCaughtUpMs, resources: usage.finish(), serverCpuMs: usage.serverCpuMs() };
}

/**
 * How often a fan-out polls the timeline for its copies: every 20 ms for a few followers, so the next
 * fill is not held up for long; every 100 ms for a hundred or more, whose copies take that long
 * anyway (then at 20 ms the polls cost the driver and the simulator ~5 % of a core).
 */
export const pollMsFor = (followers: number) => (followers >= 100 ? 100 : 20);

/**
 * One master, `followers` followers of ours and as many of the seed-style copier, `fills` master
 * fills (after `warmup` uncounted ones) one at a time: each comes a random 0–maxGapMs after every
 * one of our followers has the previous one's order. The baseline copies the same fills from the
 * same master, at the same time; `withBaseline: false` leaves it out (ours alone on the cores).
 */
export async function fanOut(
  ctx: BenchContext,
  followers: number,
  fills: number,
  warmup: number,
  maxGapMs: number,
  withBaseline = true,
) {
  const label = `fan-out ${followers}`;
  const step = (text: string) => ctx.progress.update(`${ctx.profile} · ${label}: ${text}`);
  step(`seeding ${followers} + ${withBaseline ? followers : 0} followers`);
  const { master, ours, client } = await seedMaster(ctx, followers, `fo${followers}`);
  const baselineFollowers = withBaseline ? await createSimAccounts(ctx.simUrl, followers, '10000000') : [];
  let baseline: ChildProcess | undefined;
  try {
    if (withBaseline)
      baseline = await startBaseline(ctx.root, ctx.configDir, {
        restUrl: ctx.simUrl,
        master,
        followers: baselineFollowers,
      });
    const ourIds = new Set(ours.map((f) => f.userId));
    const baselineIds = new Set(baselineFollowers.map((f) => f.userId));
    // What an earlier measurement left for the audit service is recorded first, not during this one.
    await waitForAuditCaughtUp(ctx.auditBacklog, (jobs) =>
      step(`waiting for the audit service: ${jobs} jobs`),
    );
    const from = ctx.reader.mark();
    const tableWrites = await startTableWrites(ctx.db);
    const serverCalls = await startServerCalls(ctx.redis, ctx.db);
    const usage = new UsageWindow([
      ...ctx.processes,
      ...(baseline ? [{ name: 'baseline', pid: baseline.pid }] : []),
    ]);
    const started = performance.now();
    const total = warmup + fills;
    const copies = ctx.reader.counter(from, copyOrderFor(ourIds));
    const baselineOrders = ctx.reader.counter(from, (e) => e.kind === 'order' && baselineIds.has(e.userId));
    for (let i = 0; i < total; i++) {
      // A master trades when it likes, not in step with the baseline's 2 s poll: a random pause
      // before each fill makes the baseline's wait for its next poll a fair sample.
      step(i < warmup ? `warm-up fill ${i + 1}/${warmup}` : `fill ${i + 1 - warmup}/${fills}`);
      // Warm-up fills only get the services' code compiled (V8 optimises a function after it has run
      // often): uncounted, they need no random pause.
      await new Promise((r) => setTimeout(r, i < warmup ? WARMUP_GAP_MS : Math.random() * maxGapMs));
      await placeMasterOrder(client, i);
      const all = await ctx.reader.waitFor(
        () => copies() >= followers * (i + 1),
        ctx.fillTimeout.baseMs + followers * ctx.fillTimeout.perFollowerMs,
        { pollMs: pollMsFor(followers) },
      );
      if (!all)
        ctx.progress.log(`${ctx.profile} · ${label}: fill ${i + 1} not copied to every follower in time`);
    }
    // Sequential orders, each paying the exchange latency, and a 2 s poll: give it its time.
    const baselineBudget = 10_000 + total * followers * (ctx.latencyMs + 25) * 1.5;
    const baselineDone =
      !baseline ||
      (await ctx.reader.waitFor(() => {
        const n = baselineOrders();
        step(`waiting for the baseline: ${n}/${followers * total} orders`);
        return n >= followers * total;
      }, baselineBudget));
    if (!baselineDone) ctx.progress.log(`${ctx.profile} · ${label}: the baseline did not finish in time`);
    const resources = usage.finish();
    const serverCpuMs = usage.serverCpuMs();
    const wallMs = Math.round(performance.now() - started);
    const untilAudited = await untilAuditCaughtUp(ctx, usage, step);
    // Both read from the same start until the audit had recorded everything.
    const counted = Promise.all([tableWrites.finish(), serverCalls.finish()]);
    counted.catch(() => {}); // awaited below; a failure before then is the one reported
    await client.close();
    const events = ctx.reader.events.slice(from);
    const masterFills = fillsOf(events, master.userId);
    if (masterFills.length !== total)
      throw new Error(`${label}: expected ${total} master fills in the timeline, saw ${masterFills.length}`);
    const oursJudged = judge(
      masterFills,
      ordersBy(events, ourIds, isCopy),
      warmup,
      copyIdsOf(master.accountId, ours),
    );
    if (oursJudged.ordersBeforeTheirFill)
      ctx.progress.log(
        `${ctx.profile} · ${label}: copy orders before their fill: ${JSON.stringify(oursJudged.ordersBeforeTheirFill)}`,
      );
    if (oursJudged.ordersAnsweringNoFill)
      ctx.progress.log(
        `${ctx.profile} · ${label}: copy orders answering no fill: ${JSON.stringify(oursJudged.ordersAnsweringNoFill)}`,
      );
    const baselineJudged = baseline ? judge(masterFills, ordersBy(events, baselineIds), warmup) : null;
    ctx.progress.log(
      `${ctx.profile} · ${label}: last follower p50 ${fmt(oursJudged.lastFollowerMs?.p50)} (baseline ${fmt(baselineJudged?.lastFollowerMs?.p50)}), ` +
        `copy p50 ${fmt(oursJudged.copyLatencyMs?.p50)}, ${oursJudged.received}/${oursJudged.expected} copies`,
    );
    return {
      followers,
      fills,
      warmupFills: warmup,
      masterAccountId: master.accountId,
      wallMs,
      ours: oursJudged,
      baseline: baselineJudged,
      ratios: {
        copyLatencyP50: ratio(baselineJudged?.copyLatencyMs?.p50, oursJudged.copyLatencyMs?.p50),
        copyLatencyP99: ratio(baselineJudged?.copyLatencyMs?.p99, oursJudged.copyLatencyMs?.p99),
        lastFollowerP50: ratio(baselineJudged?.lastFollowerMs?.p50, oursJudged.lastFollowerMs?.p50),
        lastFollowerP99: ratio(baselineJudged?.lastFollowerMs?.p99, oursJudged.lastFollowerMs?.p99),
      },
      resources,
      serverCpuMs,
      untilAudited,
      ...(await counted.then(([tableWrites, serverCalls]) => ({ tableWrites, serverCalls }))),
    };
  } finally {
    if (baseline) await stopProcess(baseline);
    await retire(ctx.db, master.accountId);
  }
}

/**
 * Follower orders per second through the whole pipeline: the master trades whenever fewer than
 * `maxBacklog` follower orders are still owed (enough to keep every stage busy, bounded so the
 * queues do not grow for the whole run), for `seconds` after a warm-up; the rate is counted from
 * the simulator's own timestamps of the follower orders.
 */
export async function sustained(ctx: BenchContext, followers: number, seconds: number, maxBacklog: number) {
  const label = `sustained ${followers} followers`;
  const step = (text: string) => ctx.progress.update(`${ctx.profile} · ${label}: ${text}`);
  step('seeding');
  const { master, ours, client } = await seedMaster(ctx, followers, `sus${followers}`);
  const masterUserId = master.userId;
  try {
    const ourIds = new Set(ours.map((f) => f.userId));
    const warmupMs = 2_000;
    const from = ctx.reader.mark();
    let copies = 0;
    let placed = 0;
    const copiesSoFar = ctx.reader.counter(from, copyOrderFor(ourIds));
    const count = () => {
      copies = copiesSoFar();
    };
    const started = performance.now();
    const endAt = started + warmupMs + seconds * 1000;
    let usage: UsageWindow | undefined;
    let tableWrites: Awaited<ReturnType<typeof startTableWrites>> | undefined;
    let serverCalls: Awaited<ReturnType<typeof startServerCalls>> | undefined;
    while (performance.now() < endAt) {
      if (!usage && performance.now() - started >= warmupMs) {
        usage = new UsageWindow(ctx.processes);
        tableWrites = await startTableWrites(ctx.db);
        serverCalls = await startServerCalls(ctx.redis, ctx.db);
      }
      await ctx.reader.poll();
      count();
      const left = Math.max(0, (endAt - performance.now()) / 1000).toFixed(0);
      step(`${copies} copies, ${placed} master fills, ${left} s left`);
      if (placed * followers - copies + followers <= maxBacklog) {
        await placeMasterOrder(client, placed);
        placed++;
      } else {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    const resources = usage?.finish() ?? {};
    const serverCpuMs = usage?.serverCpuMs();
    const auditBacklogJobsAtWindowEnd = await ctx.auditBacklog();
    step('draining');
    // Copies follow the master's position, not each fill: when a newer fill of the master is decided
    // before an older one, the older one's decision is refused as stale and the pair nets out (buy
    // then sell: no order at all). So the run is judged by positions: every follower (multiplier 1)
    // at the master's position on the simulator, once the copies stop coming.
    const atMasterPosition = async () => {
      const master = await btcPosition(ctx.simUrl, masterUserId);
      for (const f of ours) if ((await btcPosition(ctx.simUrl, f.userId)) !== master) return false;
      return true;
    };
    let lastCheck = 0;
    let followersAtMasterPosition = false;
    // Positions that match twice, with no copy arriving in between, are final (not a moment between
    // a queued buy and its sell).
    let copiesAtMatch = -1;
    const drained = await ctx.reader.waitFor(
      () => {
        count();
        return copies >= placed * followers;
      },
      ctx.fillTimeout.baseMs * 2,
      {
        orElse: async () => {
          if (performance.now() - lastCheck < 500) return false;
          lastCheck = performance.now();
          count();
          followersAtMasterPosition = await atMasterPosition();
          const settled = followersAtMasterPosition && copies === copiesAtMatch;
          copiesAtMatch = followersAtMasterPosition ? copies : -1;
          return settled;
        },
      },
    );
    if (drained && !followersAtMasterPosition) followersAtMasterPosition = await atMasterPosition();
    await client.close();
    // The audit trail is part of the pipeline: how far behind the copies it ended, and how long it
    // took to record everything once the master stopped (the counts below read the audit log).
    const auditBacklogJobsAtDrain = await ctx.auditBacklog();
    const untilAudited = usage && (await untilAuditCaughtUp(ctx, usage, step));
    const counted = Promise.all([tableWrites?.finish(), serverCalls?.finish()]);
    counted.catch(() => {}); // awaited below; a failure before then is the one reported
    const auditCaughtUpMs = untilAudited ? untilAudited.auditCaughtUpMs : null;
    // Where copies that never reached the exchange went (e.g. 'expired': an opening leg older than
    // the follow's max signal age is not sent).
    const intents = await ctx.db.orderIntent.groupBy({
      by: ['state'],
      where: { followerAccountId: { in: ours.map((f) => f.accountId) } },
      _count: { _all: true },
    });
    // Fills that ordered nothing: a decision refused as stale (a newer fill of the master had already
    // moved the target) or a skip.
    const unordered = await ctx.db.auditLog.groupBy({
      by: ['type'],
      where: {
        type: { in: ['copy.stale', 'copy.skipped'] },
        accountId: { in: ours.map((f) => f.accountId) },
      },
      _count: { _all: true },
    });
    const events = ctx.reader.events.slice(from);
    const orders = events.filter(copyOrderFor(ourIds));
    const masterFills = fillsOf(events, master.userId);
    const t0 = (masterFills[0]?.monoMs ?? 0) + warmupMs;
    const t1 = t0 + seconds * 1000;
    const inWindow = orders.filter((e) => e.monoMs >= t0 && e.monoMs < t1);
    const perSecond = Array.from({ length: seconds }, () => 0);
    for (const e of inWindow) perSecond[Math.floor((e.monoMs - t0) / 1000)]!++;
    const fillsInWindow = masterFills.filter((e) => e.monoMs >= t0 && e.monoMs < t1).length;
    const result = {
      followers,
      seconds,
      warmupMs,
      maxBacklog,
      followerOrders: inWindow.length,
      followerOrdersPerSecond: Math.round(inWindow.length / seconds),
      masterFills: fillsInWindow,
      perSecond,
      masterFillsPlaced: placed,
      /** Every copy that arrived, window or not; short of placed × followers when drained is false. */
      copiesReceived: copies,
      copiedEveryFill: copies >= placed * followers,
      followersAtMasterPosition,
      intentsByState: Object.fromEntries(intents.map((i) => [i.state, i._count._all])),
      decisionsWithoutOrder: Object.fromEntries(unordered.map((u) => [u.type, u._count._all])),
      resources,
      serverCpuMs,
      /** Audit jobs (up to 200 events each) queued and not yet recorded when the window ended. */
      auditBacklogJobsAtWindowEnd,
      auditBacklogJobsAtDrain,
      /** From the last copy on the exchange until the audit service had recorded everything (null: not in 15 min). */
      auditCaughtUpMs,
      /** The CPU from the window's start until the audit caught up, and the copies that arrived since that start. */
      untilAudited: untilAudited && {
        ...untilAudited,
        copies: orders.filter((e) => e.monoMs >= t0).length,
      },
      ...(await counted.then(([tableWrites, serverCalls]) => ({
        /** From the window's start until the audit service caught up. */
        tableWrites: tableWrites ?? {},
        /** The same span's Redis and PostgreSQL calls (per copy: `untilAudited.copies`). */
        serverCalls,
      }))),
    };
    ctx.progress.log(
      `${ctx.profile} · ${label}: ${result.followerOrdersPerSecond} follower orders/s (${result.masterFills} master fills in ${seconds} s), audit ${auditBacklogJobsAtWindowEnd} jobs behind at the window's end, caught up ${auditCaughtUpMs ?? '>900000'} ms after the last copy`,
    );
    return result;
  } finally {
    await retire(ctx.db, master.accountId);
  }
}

function fmt(ms: number | undefined): string {
  return ms === undefined ? '–' : `${ms} ms`;
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export type { SeededAccount, SimAccount };

import { randomUUID } from 'node:crypto';
import { type AuditEvent, type OrderLeg, redisKeys } from '@copytrade/contracts';
import { createRedis } from '@copytrade/runtime';
import { startPrivateRedis } from '@copytrade/runtime/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { kickBatch, makeLeg, pushLegs, type SeededFollower } from './testing/seed.ts';

// An executor can die (SIGKILL) between settling a leg and taking its head off the outbox. Nothing
// of the leg's outcome may be lost to the audit trail, nor the book left as the exchange is not:
// - died after settling the intent: set up as such a death leaves it (the leg went out once, its events
//   are gone from the audit queue, its head is back at the outbox's front); the next drain must not send
//   it again, and must leave the trail and the book as the dead drain would have;
// - died right after a step that takes something away for good (a head with a remainder or dependents,
//   a resting order, a leg dead-lettered after its attempts): the step's events must be on the audit
//   queue before it runs, watched with MONITOR.
// Judged by the simulator's record, the intent, the audit queue and Redis.
let h: ExecutorHarness;
const wait = { timeout: 10_000, interval: 25 };
const SYMBOL = 'BTCUSD';

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

const keys = () => redisKeys(h.prefix);

async function finished(jobId: string, states = ['completed']) {
  await vi.waitFor(async () => expect(states).toContain((await h.jobState(jobId)).state), wait);
}

const eventsOf = async (cid: string): Promise<AuditEvent[]> =>
  (await h.auditEvents()).filter((e) => (e.payload as { clientOrderId?: string }).clientOrderId === cid);

/**
 * The legs as a drain that died after settling them leaves them: their events lost (and whatever
 * `alsoLost` undoes), their heads still queued; then the next drain's run.
 */
async function diedAfterSettling(
  f: SeededFollower,
  legs: OrderLeg[],
  options: {
    /** A kick whose leg the exchange refused fails its job, unretried. */
    firstRun?: 'completed' | 'failed';
    alsoLost?: () => Promise<unknown>;
  } = {},
) {
  const first = await h.send(legs);
  await finished(first.id!, [options.firstRun ?? 'completed']);
  await options.alsoLost?.();
  await h.auditQueue.drain(true);
  expect(await h.auditEvents()).toEqual([]);
  await pushLegs(h.redis, h.prefix, legs);
  const again = await kickBatch(h.copyQueue, [legs], `again-${randomUUID()}`);
  await finished(again.id!);
  expect(await h.redis.llen(keys().orderOutbox(f.accountId, SYMBOL))).toBe(0);
  // Not sent again: a request would have counted an attempt.
  for (const leg of legs) expect((await h.intent(leg.clientOrderId))?.attempts).toBe(1);
}

describe('a leg settled by a drain that died before its head left the outbox', () => {
  it('is not sent again, and its outcome reaches the audit trail with the exchange’s order', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId, { size: 3 });
    await diedAfterSettling(f, [leg]);

    const orders = h.sim.control.orders(f.simUserId);
    expect(orders.map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    const events = await eventsOf(leg.clientOrderId);
    expect(events.map((e) => e.type)).toEqual(['order.accepted']);
    expect(events[0]!.payload).toMatchObject({
      exchangeOrderId: String(orders[0]!.id),
      state: 'closed',
      filledSize: 3,
      adopted: false,
    });
  });

  it('records an order still resting for its check, as the dead drain would have', async () => {
    const f = await h.follower();
    // A limit buy below the mark: the simulator rests it.
    const leg = makeLeg(f.accountId, { orderType: 'limit_order', limitPrice: '59000', size: 2 });
    const resting = keys().restingOrders(f.accountId, SYMBOL);
    await diedAfterSettling(f, [leg], {
      // It died before it recorded the resting order: nothing would ever cancel it at its time limit.
      alsoLost: async () => {
        expect(await h.redis.hexists(resting, leg.clientOrderId)).toBe(1);
        await h.redis.del(resting);
      },
    });

    expect(h.sim.control.orders(f.simUserId).map((o) => [o.client_order_id, o.state])).toEqual([
      [leg.clientOrderId, 'open'],
    ]);
    expect(await h.redis.hexists(resting, leg.clientOrderId)).toBe(1);
    expect((await eventsOf(leg.clientOrderId)).map((e) => e.type)).toEqual(['order.accepted']);
  });

  it('records a refusal found so again, and sends nothing', async () => {
    const f = await h.follower();
    // A reduction of a position the follower does not hold: the exchange refuses it.
    const leg = makeLeg(f.accountId, { side: 'sell', reduceOnly: true, leg: 'close', targetAfter: 0 });
    await diedAfterSettling(f, [leg], { firstRun: 'failed' });

    const events = await eventsOf(leg.clientOrderId);
    expect(events.map((e) => e.type)).toEqual(['order.rejected']);
    const intent = await h.intent(leg.clientOrderId);
    expect(events[0]!.payload).toMatchObject({ code: intent?.errorCode });
  });
});

describe('what a head’s settle step takes away for good', () => {
  // Watched on a Redis of this test's own, where MONITOR sees only this executor's commands.
  let own: Awaited<ReturnType<typeof startPrivateRedis>>;
  let hh: ExecutorHarness;
  beforeAll(async () => {
    own = await startPrivateRedis();
    hh = await startExecutorHarness({ redisUrl: own.url, env: { BREAKER_RESET_MS: '100' } });
  });
  afterAll(async () => {
    await hh?.close();
    await own?.stop();
  });

  /** Every command this executor sends while `act` runs, as MONITOR sees them. */
  async function watched(act: () => Promise<void>): Promise<string[][]> {
    const client = createRedis(own.url, 'worker');
    const monitor = await client.monitor();
    const commands: string[][] = [];
    monitor.on('monitor', (_time: string, args: string[]) => commands.push(args));
    // MONITOR streams commands in the order Redis ran them, and a while after: a marker sent after a
    // command and seen on the stream means the command before it has been seen too.
    const caughtUp = async (marker: string) => {
      await hh.redis.echo(marker);
      await vi.waitFor(() => expect(commands.some((args) => args[1] === marker)).toBe(true), wait);
    };
    try {
      await caughtUp(`monitor-start-${randomUUID()}`);
      await act();
      await caughtUp(`monitor-end-${randomUUID()}`);
    } finally {
      monitor.disconnect();
      client.disconnect();
    }
    return commands;
  }
  // A script's first call on a fresh Redis is an EVALSHA refused NOSCRIPT, then its EVAL: the last runs.
  const isScript = (args: string[]) => /^eval(sha)?$/i.test(args[0] ?? '');
  const lastScript = (commands: string[][], match: (args: string[]) => boolean) =>
    commands.findLastIndex((args) => isScript(args) && match(args));

  it('is on the audit queue before the step runs: a resting copy’s remainder at its time limit', async () => {
    const f = await hh.follower();
    // A limit buy below the mark rests; its check cancels it at its time limit.
    const leg = makeLeg(f.accountId, {
      orderType: 'limit_order',
      limitPrice: '59000',
      size: 2,
      restingOrderTtlMs: 200,
    });
    const resting = redisKeys(hh.prefix).restingOrders(f.accountId, SYMBOL);
    const commands = await watched(async () => {
      await hh.send([leg]);
      await vi.waitFor(async () => {
        expect(hh.sim.control.orders(f.simUserId).map((o) => o.state)).toEqual(['cancelled']);
        expect(await hh.redis.hexists(resting, leg.clientOrderId)).toBe(0);
      }, wait);
    });
    const settleStep = lastScript(commands, (args) => args[2] === '2' && args[3] === resting);
    const unfilledQueued = lastScript(commands, (args) =>
      args.some((a) => a.includes(`${leg.clientOrderId}:unfilled:resting_timeout`)),
    );
    expect(settleStep).toBeGreaterThan(-1);
    expect(unfilledQueued).toBeGreaterThan(-1);
    expect(unfilledQueued).toBeLessThan(settleStep);
  });

  it('is on the audit queue before the step runs: the open dropped behind a refused flip-close', async () => {
    const f = await hh.follower();
    // A flip's close the exchange refuses (the follower holds nothing), and the open that depends on it.
    const close = makeLeg(f.accountId, { side: 'sell', reduceOnly: true, leg: 'close', targetAfter: 0 });
    const open = makeLeg(f.accountId, { side: 'sell', leg: 'open', dependsOn: close.clientOrderId });
    const commands = await watched(async () => {
      const job = await hh.send([close, open]);
      await vi.waitFor(async () => expect((await hh.jobState(job.id!)).state).toBe('failed'), wait);
    });
    const outbox = redisKeys(hh.prefix).orderOutbox(f.accountId, SYMBOL);
    const settleStep = lastScript(commands, (args) => args[2] === '3' && args[3] === outbox);
    const droppedQueued = lastScript(commands, (args) =>
      args.some((a) => a.includes(`${open.clientOrderId}:dropped`)),
    );
    expect(settleStep).toBeGreaterThan(-1);
    expect(droppedQueued).toBeGreaterThan(-1);
    expect(droppedQueued).toBeLessThan(settleStep);
    // The step dropped the open: the exchange saw neither leg go through.
    expect(await hh.redis.llen(outbox)).toBe(0);
    expect(hh.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).not.toContain(
      open.clientOrderId,
    );
  });

  it('is on the audit queue before the step runs: a leg dead-lettered after its attempts', async () => {
    const f = await hh.follower();
    // Its intent cannot be written (the product id overflows the column): every attempt fails.
    const stuck = makeLeg(f.accountId, { size: 2, productId: 2 ** 31 });
    const outbox = redisKeys(hh.prefix).orderOutbox(f.accountId, SYMBOL);
    const commands = await watched(async () => {
      const job = await hh.send([stuck]);
      await vi.waitFor(async () => expect((await hh.jobState(job.id!)).state).toBe('completed'), {
        timeout: 15_000,
        interval: 50,
      });
    });
    const settleStep = lastScript(
      commands,
      (args) => args[2] === '3' && args[3] === outbox && args[5] === `${outbox}:dead`,
    );
    const deadLetteredQueued = lastScript(commands, (args) =>
      args.some((a) => a.includes(`${stuck.clientOrderId}:dead-lettered`)),
    );
    expect(settleStep).toBeGreaterThan(-1);
    expect(deadLetteredQueued).toBeGreaterThan(-1);
    expect(deadLetteredQueued).toBeLessThan(settleStep);
    expect((await hh.redis.lrange(`${outbox}:dead`, 0, -1)).map((e) => JSON.parse(e).clientOrderId)).toEqual([
      stuck.clientOrderId,
    ]);
  }, 20_000);
});

import { randomBytes } from 'node:crypto';
import {
  correlationIdOf,
  masterFillJob,
  type OrderLeg,
  orderLeg,
  queueNames,
  redisKeys,
} from '@copytrade/contracts';
import { type Job, Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Whatever arrives twice — a fill on both paths, a master-fill job, a kick, an outbox
// leg — the exchange sees each follower order once.
const SYMBOL = 'BTCUSD';
const wait = { timeout: 10_000, interval: 25 };
let s: E2eSession;
let masterFills: Queue;
let copyOrders: Queue;

beforeAll(async () => {
  s = await startE2eSession({
    followers: [
      { label: 'one', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'half', settings: { mode: 'multiplier', multiplier: '0.5' } },
      { label: 'lot', settings: { mode: 'fixed_lot', lotSize: 2 } },
    ],
    // Only the test triggers the REST path, so the WebSocket sees every fill first.
    env: { GAP_FILL_INTERVAL_MS: '600000' },
  });
  masterFills = new Queue(queueNames.masterFills, { connection: s.redis, prefix: s.prefix });
  copyOrders = new Queue(queueNames.copyOrders, { connection: s.redis, prefix: s.prefix });
});
afterAll(async () => {
  await masterFills?.close();
  await copyOrders?.close();
  await s?.close();
});

const orderCounts = () => s.followers.map((f) => s.sim.control.orders(f.simUserId).length);

async function finished(queue: Queue, id: string): Promise<Job> {
  await vi.waitFor(async () => expect(await queue.getJobState(id)).toBe('completed'), wait);
  return (await queue.getJob(id))!;
}

/** Gives a duplicate every chance to place an order, then checks the exchange. */
async function quiet(): Promise<void> {
  await s.settle([SYMBOL]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await s.settle([SYMBOL]);
}

describe('exactly once, end to end', () => {
  it('copies a fill seen on the WebSocket and again over REST once', async () => {
    await s.trade(SYMBOL, 'buy', 10, '60000');
    await s.settle([SYMBOL]);
    const [fill] = s.sim.control.fills(s.masterSimUserId);
    expect(fill).toBeDefined();
    // The copy path goes first: a fill's row is written after its job, so it may come a moment later.
    await expect
      .poll(
        async () => (await s.db.masterFill.findMany()).map((r) => ({ fillId: r.fillId, source: r.source })),
        {
          timeout: 5_000,
        },
      )
      .toEqual([{ fillId: String(fill!.id), source: 'ws' }]);
    expect(orderCounts()).toEqual([1, 1, 1]);

    const listener = s.system.listeners.find((l) => l.supervisor.watched().includes(s.masterAccountId))!;
    // The REST path reads the same fill (its cursor moves onto it) and finds nothing new.
    expect(await listener.monitorNow(s.masterAccountId)).toBe(0);
    const cursor = await s.db.listenerCursor.findUnique({ where: { accountId: s.masterAccountId } });
    expect(cursor?.lastFillId).toBe(String(fill!.id));
    await quiet();
    expect(orderCounts()).toEqual([1, 1, 1]);
    expect(await s.db.masterFill.count()).toBe(1);
    // Handed to the mapper once, on the fill stream its position step wrote: no master-fills job.
    expect(await masterFills.getJobCounts('completed', 'failed')).toEqual({ completed: 0, failed: 0 });
    expect(await s.redis.xlen(redisKeys(s.prefix).masterFillStream())).toBe(0);
  });

  it('ignores a master fill delivered again, on the fill stream or as a master-fills job (sequence guard)', async () => {
    await s.trade(SYMBOL, 'buy', 6, '60100');
    await s.settle([SYMBOL]);
    const counts = orderCounts();
    expect(counts).toEqual([2, 2, 1]); // the fixed lot does not grow with the master
    await expect.poll(() => s.db.masterFill.count(), { timeout: 5_000 }).toBe(2);
    // The fills as the mapper got them, rebuilt from their rows.
    const done = (await s.db.masterFill.findMany({ orderBy: { sequence: 'asc' } })).map((row) =>
      masterFillJob.parse({
        correlationId: correlationIdOf(row.accountId, row.fillId),
        masterAccountId: row.accountId,
        fillId: row.fillId,
        symbol: row.symbol,
        productId: row.productId,
        side: row.side,
        size: row.size,
        price: row.price.toString(),
        positionAfter: row.positionAfter,
        seq: Number(row.sequence),
        occurredAtUs: row.occurredAt.getTime() * 1_000,
        detectedAtMs: Date.now(),
        source: row.source,
        fillType: row.fillType,
      }),
    );
    expect(done.map((j) => j.seq)).toEqual([1, 2]);
    // The latest (seq = lastSeq) again on the stream, and an older one (seq < lastSeq) as a job.
    const stream = redisKeys(s.prefix).masterFillStream();
    for (const [job, how] of [
      [done[1]!, 'stream'],
      [done[0]!, 'job'],
    ] as const) {
      if (how === 'stream') {
        await s.redis.xadd(stream, '*', 'fill', JSON.stringify(job));
        await vi.waitFor(async () => expect(await s.redis.xlen(stream)).toBe(0), wait);
      } else {
        const id = `dup-${randomBytes(4).toString('hex')}`;
        await masterFills.add('master-fill', job, { jobId: id });
        await finished(masterFills, id);
      }
      await quiet();
      expect(orderCounts()).toEqual(counts);
      await s.auditSettled();
      const stale = await s.db.auditLog.findMany({
        where: { type: 'copy.stale', correlationId: job.correlationId },
      });
      expect(stale).toHaveLength(s.followers.length);
    }
    for (const f of s.followers) {
      expect(positionOf(s.sim, f.simUserId, SYMBOL), f.label).toBe(
        { one: 16, half: 8, lot: 2 }[f.label as 'one' | 'half' | 'lot'],
      );
    }
  });

  it('places nothing for a kick delivered again, on the kick stream or as a copy-orders job', async () => {
    const counts = orderCounts();
    // The kicks of every follower order so far, rebuilt from the intents they were drained into.
    const intents = await s.db.orderIntent.findMany();
    expect(intents.length).toBe(counts.reduce((a, b) => a + b, 0));
    const stream = redisKeys(s.prefix).copyKicks();
    for (const intent of intents) {
      const kick = {
        followerAccountId: intent.followerAccountId,
        symbol: intent.symbol,
        correlationId: intent.correlationId,
        clientOrderIds: [intent.clientOrderId],
      };
      await s.redis.xadd(stream, '*', 'kick', JSON.stringify({ ...kick, closes: intent.reduceOnly }));
      const id = `dup-${randomBytes(4).toString('hex')}`;
      await copyOrders.add('kick', kick, { jobId: id });
      await finished(copyOrders, id);
    }
    await vi.waitFor(async () => expect(await s.redis.xlen(stream)).toBe(0), wait);
    await quiet();
    expect(orderCounts()).toEqual(counts);
  });

  it('places nothing for a leg found in the outbox again (a drain that died before popping)', async () => {
    const counts = orderCounts();
    const f = s.follower('one');
    const fill = s.sim.control.fills(s.masterSimUserId).sort((a, b) => a.id - b.id)[0]!;
    const correlationId = correlationIdOf(s.masterAccountId, String(fill.id));
    const intent = await s.db.orderIntent.findFirstOrThrow({
      where: { correlationId, followerAccountId: f.accountId },
    });
    const decided = await s.db.auditLog.findFirstOrThrow({
      where: { type: 'copy.decided', correlationId, accountId: f.accountId },
    });
    const payload = decided.payload as {
      followId: string;
      seq: number;
      targetBefore: number;
      targetAfter: number;
    };
    const leg: OrderLeg = orderLeg.parse({
      clientOrderId: intent.clientOrderId,
      correlationId,
      followerAccountId: f.accountId,
      masterAccountId: s.masterAccountId,
      followId: payload.followId,
      symbol: SYMBOL,
      productId: intent.productId,
      side: intent.side,
      size: intent.size,
      reduceOnly: intent.reduceOnly,
      leg: intent.leg,
      orderType: intent.orderType,
      limitPrice: null,
      seq: payload.seq,
      targetBefore: payload.targetBefore,
      targetAfter: payload.targetAfter,
      detectedAtMs: Date.now(),
      plannedAtMs: Date.now(),
    });
    const outbox = redisKeys(s.prefix).orderOutbox(f.accountId, SYMBOL);
    await s.redis.rpush(outbox, JSON.stringify(leg));
    const id = `dup-${randomBytes(4).toString('hex')}`;
    await copyOrders.add(
      'kick',
      { followerAccountId: f.accountId, symbol: SYMBOL, correlationId, clientOrderIds: [leg.clientOrderId] },
      { jobId: id },
    );
    const job = await finished(copyOrders, id);
    expect(job.returnvalue).toMatchObject({ legs: 1, rejected: [] });
    expect(await s.redis.llen(outbox)).toBe(0);
    await quiet();
    expect(orderCounts()).toEqual(counts);
    const after = await s.db.orderIntent.findUniqueOrThrow({
      where: { clientOrderId: intent.clientOrderId },
    });
    expect({ state: after.state, attempts: after.attempts }).toEqual({
      state: intent.state,
      attempts: intent.attempts,
    });
  });
});

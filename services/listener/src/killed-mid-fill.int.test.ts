import { type AuditEvent, correlationIdOf, queueNames } from '@copytrade/contracts';
import { createQueue, eventsOfJob } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadScripts } from './scripts/load-scripts.ts';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

// A listener killed after a master fill's position step, before its row and its audit event: the
// next listener's REST pass finds the fill without a row and takes it again, and the trail must get
// its `master_fill.recorded`, though the position step answers "seen" this time.
let h: ListenerHarness;
let audit: Queue<AuditEvent>;

beforeAll(async () => {
  h = await createListenerHarness();
  audit = createQueue<AuditEvent>(queueNames.auditEvents, { connection: h.redis, prefix: h.prefix });
});

// A listener a test left running would take the next test's master (it finds new masters on its
// refresh) before that test's own listener does.
afterEach(() => h.stopListeners());

afterAll(async () => {
  await audit?.close();
  await h.close();
});

// A listener starting to watch a master takes a lease, a REST pass and a socket: slow under a loaded machine.
const wait = { timeout: 20_000, interval: 50 };

/** The `master_fill.recorded` events of the master queued for the audit service. */
async function recordedOf(masterAccountId: string) {
  return (await audit.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']))
    .flatMap((job) => eventsOfJob(job.data) as AuditEvent[])
    .flatMap((e) =>
      e.type === 'master_fill.recorded' && e.payload.masterAccountId === masterAccountId ? [e] : [],
    );
}

/** A master a listener has watched (its cursor set) and no listener watches now. */
async function unwatchedMaster(label: string) {
  const master = await h.newMaster(label);
  const listener = await h.startListener(`${label}-first`);
  await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), wait);
  await h.stopListeners();
  return master;
}

describe('a listener killed between a fill’s position step and its audit event, or refused it', () => {
  it('has the fill recorded, applied once and queued once, by the listener after it', async () => {
    const master = await unwatchedMaster('m-killed');
    await master.trade('buy', 2);
    const [fill] = h.exchangeFills(master.userId);
    const wire = h.sim.control.fills(master.userId)[0]!;
    // What the dead listener got done: the fill's position step, which put its job on the mapper's
    // stream (and nothing after it).
    const applied = await loadScripts(h.redis).applyMasterFill({
      positionKey: h.keys.masterPosition(master.accountId, 'BTCUSD'),
      seenKey: h.keys.masterSeenFills(master.accountId),
      seenTimesKey: h.keys.masterSeenFillTimes(master.accountId),
      fillStreamKey: h.keys.masterFillStream(),
      job: {
        correlationId: correlationIdOf(master.accountId, fill!.fillId),
        masterAccountId: master.accountId,
        fillId: fill!.fillId,
        symbol: 'BTCUSD',
        productId: wire.product_id,
        side: 'buy',
        size: 2,
        price: wire.price,
        occurredAtUs: Number(wire.created_at),
        detectedAtMs: Date.now(),
        source: 'rest',
        fillType: 'normal',
      },
      fillId: fill!.fillId,
      signedSize: 2,
      exchangePositionAfter: null,
      exchangeSequence: null,
      occurredAtUs: Number(wire.created_at),
      strict: false,
      nowMs: Date.now(),
      seenHorizonMs: 86_400_000,
    });
    expect(applied).toMatchObject({ status: 'applied', seq: 1, positionAfter: 2, streamed: true });

    await h.startListener('m-killed-next');
    await vi.waitFor(async () => expect(await recordedOf(master.accountId)).toHaveLength(1), wait);
    const [event] = await recordedOf(master.accountId);
    expect(event!.payload).toMatchObject({
      fillId: fill!.fillId,
      seq: 1,
      positionAfter: 2,
      size: 2,
      side: 'buy',
      resynced: false,
    });
    await vi.waitFor(
      async () =>
        expect(await h.test.db.masterFill.count({ where: { accountId: master.accountId } })).toBe(1),
      wait,
    );
    // Queued once: the dead listener's step did it, the next one queued nothing again.
    expect((await h.jobsFor(master.accountId)).map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual([
      [fill!.fillId, 1, 2],
    ]);
    expect(await h.redis.hget(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'pos')).toBe('2');
  });

  it('queues the job of a fill a listener before the stream applied and died before queueing', async () => {
    const master = await unwatchedMaster('m-killed-old');
    await master.trade('buy', 3);
    const [fill] = h.exchangeFills(master.userId);
    // What such a listener's step left: the position and the seen record, without the stream's flag.
    await h.redis.hset(h.keys.masterPosition(master.accountId, 'BTCUSD'), {
      pos: 3,
      seq: 1,
      fill: fill!.fillId,
    });
    await h.redis.hset(h.keys.masterSeenFills(master.accountId), fill!.fillId, '1:3');
    await h.startListener('m-killed-old-next');
    await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(1), wait);
    expect((await h.jobsFor(master.accountId)).map((j) => [j.fillId, j.seq, j.positionAfter])).toEqual([
      [fill!.fillId, 1, 3],
    ]);
    // As a master-fills job: its step put nothing on the stream.
    const streamed = await h.redis.xrange(h.keys.masterFillStream(), '-', '+');
    expect(streamed.filter(([, fields]) => fields.join(' ').includes(master.accountId))).toEqual([]);
  });

  it('copies every fill of a REST pass while the audit queue refuses events, and records them after', async () => {
    const auditStream = `${h.prefix}:${queueNames.auditEvents}:events`;
    try {
      const master = await unwatchedMaster('m-refused');
      await master.trade('buy', 1);
      await master.trade('buy', 2);
      const fills = h.exchangeFills(master.userId).map((f) => f.fillId);
      // The audit queue's event stream holds a string: BullMQ's add fails (WRONGTYPE).
      await h.redis.set(auditStream, 'not a stream');
      await h.startListener('m-refused-next', { GAP_FILL_INTERVAL_MS: '300' });
      // The start's REST pass queues both fills for the mapper all the same.
      await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(2), wait);
      expect((await h.jobsFor(master.accountId)).map((j) => [j.fillId, j.seq])).toEqual([
        [fills[0], 1],
        [fills[1], 2],
      ]);
      await h.redis.del(auditStream);
      const recordedFills = async () =>
        [...new Set((await recordedOf(master.accountId)).map((e) => e.payload.fillId))].sort();
      await vi.waitFor(async () => expect(await recordedFills()).toEqual([...fills].sort()), wait);
      expect(await h.jobsFor(master.accountId)).toHaveLength(2);
    } finally {
      await h.redis.del(auditStream);
    }
  });
});

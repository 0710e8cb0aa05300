import { type AuditEvent, queueNames } from '@copytrade/contracts';
import { createQueue, eventsOfJob } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadScripts } from './scripts/load-scripts.ts';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

// A listener killed after a master fill's position step, before its row and its audit event: the
// next listener's REST pass finds the fill without a row and takes it again, and the trail must get
// its `master_fill.recorded`, though the position step answers "seen" this time.
let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});

afterAll(() => h.close());

const wait = { timeout: 10_000, interval: 50 };

describe('a listener killed between a fill’s position step and its audit event, or refused it', () => {
  it('has the fill recorded, applied once and queued once, by the listener after it', async () => {
    const audit = createQueue<AuditEvent>(queueNames.auditEvents, { connection: h.redis, prefix: h.prefix });
    const recordedOf = async (fillId: string) =>
      (await audit.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']))
        .flatMap((job) => eventsOfJob(job.data) as AuditEvent[])
        .filter((e) => e.type === 'master_fill.recorded' && e.payload.fillId === fillId);
    try {
      const master = await h.newMaster('m-killed');
      const first = await h.startListener('first');
      await vi.waitFor(() => expect(first.supervisor.watched()).toContain(master.accountId), wait);
      await h.stopListeners();

      await master.trade('buy', 2);
      const [fill] = h.exchangeFills(master.userId);
      const wire = h.sim.control.fills(master.userId)[0]!;
      // What the dead listener got done: the fill's position step (and nothing after it).
      const applied = await loadScripts(h.redis).applyMasterFill({
        positionKey: h.keys.masterPosition(master.accountId, 'BTCUSD'),
        seenKey: h.keys.masterSeenFills(master.accountId),
        seenTimesKey: h.keys.masterSeenFillTimes(master.accountId),
        fillId: fill!.fillId,
        signedSize: 2,
        exchangePositionAfter: null,
        exchangeSequence: null,
        occurredAtUs: Number(wire.created_at),
        strict: false,
        nowMs: Date.now(),
        seenHorizonMs: 86_400_000,
      });
      expect(applied).toMatchObject({ status: 'applied', seq: 1, positionAfter: 2 });

      await h.startListener('next');
      await vi.waitFor(async () => expect(await recordedOf(fill!.fillId)).toHaveLength(1), wait);
      const [event] = await recordedOf(fill!.fillId);
      expect(event!.payload).toMatchObject({
        seq: 1,
        positionAfter: 2,
        size: 2,
        side: 'buy',
        resynced: false,
      });
      await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(1), wait);
      expect(await h.redis.hget(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'pos')).toBe('2');
    } finally {
      await audit.close();
    }
  });

  it('copies every fill of a REST pass while the audit queue refuses events, and records them after', async () => {
    const audit = createQueue<AuditEvent>(queueNames.auditEvents, { connection: h.redis, prefix: h.prefix });
    const recordedOf = async (masterAccountId: string) =>
      (await audit.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']))
        .flatMap((job) => eventsOfJob(job.data) as AuditEvent[])
        .flatMap((e) =>
          e.type === 'master_fill.recorded' && e.payload.masterAccountId === masterAccountId
            ? [e.payload.fillId]
            : [],
        );
    const auditStream = `${h.prefix}:${queueNames.auditEvents}:events`;
    try {
      const master = await h.newMaster('m-refused');
      const first = await h.startListener('before');
      await vi.waitFor(() => expect(first.supervisor.watched()).toContain(master.accountId), wait);
      await h.stopListeners();
      await master.trade('buy', 1);
      await master.trade('buy', 2);
      const fills = h.exchangeFills(master.userId).map((f) => f.fillId);
      // The audit queue's event stream holds a string: BullMQ's add fails (WRONGTYPE).
      await h.redis.set(auditStream, 'not a stream');
      await h.startListener('after', { GAP_FILL_INTERVAL_MS: '300' });
      // The start's REST pass queues both fills for the mapper all the same.
      await vi.waitFor(async () => expect(await h.jobsFor(master.accountId)).toHaveLength(2), wait);
      expect((await h.jobsFor(master.accountId)).map((j) => [j.fillId, j.seq])).toEqual([
        [fills[0], 1],
        [fills[1], 2],
      ]);
      await h.redis.del(auditStream);
      await vi.waitFor(
        async () =>
          expect([...new Set(await recordedOf(master.accountId))].sort()).toEqual([...fills].sort()),
        wait,
      );
      expect(await h.jobsFor(master.accountId)).toHaveLength(2);
    } finally {
      await h.redis.del(auditStream);
      await audit.close();
    }
  });
});

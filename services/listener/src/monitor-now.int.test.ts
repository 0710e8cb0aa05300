import { queueNames, type MonitorResult, monitorResult } from '@copytrade/contracts';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});
afterAll(() => h.close());

describe('listener, "monitor now" (the monitor queue)', () => {
  it('reads a master’s fills at once, copies the one the socket missed, and says how many follow it', async () => {
    const master = await h.newMaster('m-monitor');
    const listener = await h.startListener('monitor-replica');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    const follower = await h.test.db.brokerAccount.create({
      data: {
        userId: (await h.test.db.user.create({ data: { email: 'f@example.test', name: 'F' } })).id,
        label: 'f',
        role: 'follower',
        baseUrl: h.sim.restUrl,
        apiKey: 'k',
        secretEnvelope: 'sealed',
      },
    });
    await h.test.db.follow.create({
      data: {
        masterAccountId: master.accountId,
        followerAccountId: follower.id,
        mode: 'multiplier',
        multiplier: '1',
      },
    });
    // The socket never hears of this fill, and the timer's gap-fill is a minute away.
    h.sim.control.injectFault({ kind: 'ws_gap', events: 1, scope: { userId: master.userId } });
    await master.trade('buy', 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await h.jobsFor(master.accountId)).toHaveLength(0);

    const queue = new Queue(queueNames.monitor, { connection: h.redis, prefix: h.prefix });
    const events = new QueueEvents(queueNames.monitor, { connection: h.redis.duplicate(), prefix: h.prefix });
    try {
      await events.waitUntilReady();
      const job = await queue.add('monitor', { masterAccountId: master.accountId });
      const result: MonitorResult = monitorResult.parse(await job.waitUntilFinished(events, 10_000));
      expect(result.masters).toEqual([
        { masterAccountId: master.accountId, newFills: 1, activeFollowers: 1 },
      ]);
      expect((await h.jobsFor(master.accountId)).map((j) => j.positionAfter)).toEqual([2]);
    } finally {
      await events.close();
      await queue.close();
    }
  });
});

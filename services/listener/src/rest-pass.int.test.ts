import { queueNames } from '@copytrade/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createListenerHarness, type ListenerHarness } from './testing/listener-harness.ts';

let h: ListenerHarness;

beforeAll(async () => {
  h = await createListenerHarness();
});

afterEach(() => h.stopListeners());

afterAll(() => h.close());

describe('listener, the REST pass over fills the WebSocket delivered', () => {
  it('leaves a fill already recorded alone: no second position step, job add or row write', async () => {
    const master = await h.newMaster('m-rest-pass');
    const listener = await h.startListener('rest-pass');
    await vi.waitFor(() => expect(listener.supervisor.watched()).toContain(master.accountId), {
      timeout: 5_000,
    });
    for (const size of [2, 3, 4]) await master.trade('buy', size);
    // The WebSocket path has handled each fill: its job, then its row.
    await vi.waitFor(
      async () => {
        expect(await h.jobsFor(master.accountId)).toHaveLength(3);
        const rows = await h.test.db.masterFill.count({ where: { accountId: master.accountId } });
        expect(rows).toBe(3);
      },
      { timeout: 5_000 },
    );
    const events = `${h.prefix}:${queueNames.masterFills}:events`;
    const seenBefore = await h.redis.hgetall(h.keys.masterSeenFills(master.accountId));
    const eventsBefore = await h.redis.xrange(events, '-', '+');

    // REST lists the three fills again (they are past the cursor until this pass moves it).
    expect(await listener.monitorNow(master.accountId)).toBe(0);

    // Nothing was handed to the queue again: no add, so no 'duplicated' event from BullMQ.
    const added = (await h.redis.xrange(events, '-', '+')).slice(eventsBefore.length);
    expect(added.map(([, fields]) => fields[1])).toEqual([]);
    expect(await h.redis.hgetall(h.keys.masterSeenFills(master.accountId))).toEqual(seenBefore);
    const jobs = await h.jobsFor(master.accountId);
    expect(jobs.map((j) => [j.fillId, j.positionAfter])).toEqual(
      h.exchangeFills(master.userId).map((f) => [f.fillId, f.positionAfter]),
    );
    expect(await h.redis.hget(h.keys.masterPosition(master.accountId, 'BTCUSD'), 'pos')).toBe(
      String(h.exchangePosition(master.userId)),
    );
    // And the pass moved the cursor past them: the next one reads none of them.
    const cursor = await h.test.db.listenerCursor.findUnique({ where: { accountId: master.accountId } });
    expect(cursor?.lastFillId).toBe(h.exchangeFills(master.userId).at(-1)!.fillId);
  });
});

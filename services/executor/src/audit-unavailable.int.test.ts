import { queueNames, redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// The audit queue refuses events (here: its event stream key holds a string, so BullMQ's add fails
// with WRONGTYPE) while a leg is executed. The order goes out once; its outcome must still reach the
// audit trail once the queue takes events again, and the leg must not be sent again meanwhile.
let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('a leg whose outcome the audit queue refuses', () => {
  it('keeps its head until the outcome is queued, then records it, with the order sent once', async () => {
    const f = await h.follower();
    const leg = makeLeg(f.accountId, { size: 2 });
    const outbox = redisKeys(h.prefix).orderOutbox(f.accountId, 'BTCUSD');
    const auditStream = `${h.prefix}:${queueNames.auditEvents}:events`;
    await h.redis.set(auditStream, 'not a stream');
    try {
      const job = await h.send([leg]);
      await vi.waitFor(async () => expect((await h.intent(leg.clientOrderId))?.state).toBe('accepted'), {
        timeout: 10_000,
        interval: 25,
      });
      // The outcome is not queued: the head waits in the outbox, its job for a later try.
      await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('delayed'), {
        timeout: 10_000,
        interval: 25,
      });
      expect(await h.redis.llen(outbox)).toBe(1);
      expect(h.logLines.some((l) => l.includes('audit queue unavailable; job waits'))).toBe(true);
    } finally {
      await h.redis.del(auditStream);
    }
    await vi.waitFor(
      async () => {
        const accepted = (await h.auditEvents()).filter(
          (e) => e.type === 'order.accepted' && e.payload.clientOrderId === leg.clientOrderId,
        );
        expect(accepted).toHaveLength(1);
        expect(accepted[0]!.payload).toMatchObject({ state: 'closed', filledSize: 2 });
      },
      { timeout: 10_000, interval: 50 },
    );
    await vi.waitFor(async () => expect(await h.redis.llen(outbox)).toBe(0), { timeout: 10_000 });
    expect(h.sim.control.orders(f.simUserId).map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    expect((await h.intent(leg.clientOrderId))?.attempts).toBe(1);
  });
});

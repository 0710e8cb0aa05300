import { startPrivateRedis } from '@copytrade/runtime/testing';
import { describe, expect, it, vi } from 'vitest';
import { startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// Redis here keeps nothing on disk: after a restart the kick stream and its consumer group are gone.
// The executor's blocked read comes back with NOGROUP once its connection is back, makes the group
// again, and reads what the mapper writes from then on.
const wait = { timeout: 20_000, interval: 50 };

describe('the kick stream across a Redis restart', () => {
  it('drains the kicks written after Redis came back without its data', async () => {
    const first = await startPrivateRedis();
    const port = Number(new URL(first.url).port);
    const h = await startExecutorHarness({ redisUrl: first.url });
    let second: Awaited<ReturnType<typeof startPrivateRedis>> | undefined;
    try {
      const f = await h.follower();
      const ordersOf = () => h.sim.control.orders(f.simUserId).map((o) => o.client_order_id);
      const before = makeLeg(f.accountId);
      await h.sendOnStream([[before]]);
      await vi.waitFor(() => expect(ordersOf()).toEqual([before.clientOrderId]), wait);

      await first.stop();
      second = await startPrivateRedis({ port });
      const after = makeLeg(f.accountId);
      // The test's own connection reconnects too; until it has, the write fails and is tried again.
      await vi.waitFor(() => h.sendOnStream([[after]]), wait);
      await vi.waitFor(() => expect(ordersOf()).toEqual([before.clientOrderId, after.clientOrderId]), wait);
    } finally {
      await h.close();
      await second?.stop();
      await first.stop();
    }
  });
});

import { createRedis, waitForRedis } from '@copytrade/runtime';
import { startPrivateRedis } from '@copytrade/runtime/testing';
import { describe, expect, it, vi } from 'vitest';
import { startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

// Redis here keeps nothing on disk: a restart drops every connection and the kick stream with its
// consumer group. The executor's blocked read comes back with NOGROUP once its connection is back,
// makes the group again, and reads what the mapper writes from then on. The restart is played on a
// Redis of the test's own as what clients see of it, every connection dropped and every key gone,
// without freeing its port, which a parallel test's Redis could take meanwhile.
const wait = { timeout: 20_000, interval: 50 };

describe('the kick stream across a Redis restart', () => {
  it('drains the kicks written after Redis came back without its data', async ({ onTestFailed }) => {
    const server = await startPrivateRedis();
    const admin = createRedis(server.url, 'worker');
    const h = await startExecutorHarness({ redisUrl: server.url });
    // It once timed out under a loaded machine and never alone: the executor's last lines say where.
    onTestFailed(() => {
      process.stderr.write(`executor log, last lines:\n${h.logLines.slice(-40).join('')}\n`);
    });
    try {
      await waitForRedis(admin);
      const f = await h.follower();
      const ordersOf = () => h.sim.control.orders(f.simUserId).map((o) => o.client_order_id);
      const before = makeLeg(f.accountId);
      await h.sendOnStream([[before]]);
      await vi.waitFor(() => expect(ordersOf()).toEqual([before.clientOrderId]), wait);

      await admin.flushall();
      await admin.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
      const after = makeLeg(f.accountId);
      // The test's own connection reconnects too; until it has, the write fails and is tried again.
      await vi.waitFor(() => h.sendOnStream([[after]]), wait);
      await vi.waitFor(() => expect(ordersOf()).toEqual([before.clientOrderId, after.clientOrderId]), wait);
    } finally {
      await h.close();
      admin.disconnect();
      await server.stop();
    }
  }, 60_000);
});

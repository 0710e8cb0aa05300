import { queueNames } from '@copytrade/contracts';
import { createQueue, createRedis, defaultUrls, eventsOfJob } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Exit-sync's sync-status events linger (200 ms by default) to share an audit job, and its reconciles
// do not wait for them. Stopping must send what lingers before its queues close: nothing lost, nothing
// logged. Here they linger 3 s, so some are always waiting when the stop comes.
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    // A reconcile every 200 ms that reports every time.
    env: { RECONCILE_INTERVAL_MS: '200', SYNC_STATUS_HEARTBEAT_MS: '0', SYNC_STATUS_LINGER_MS: '3000' },
    followers: [
      { label: 'a', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'b', settings: { mode: 'multiplier', multiplier: '2' } },
      { label: 'c', settings: { mode: 'multiplier', multiplier: '3' } },
      { label: 'd', settings: { mode: 'fixed_lot', lotSize: 1 } },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

describe('exit-sync stopping', () => {
  it('sends the status events it reported before its queues close', async () => {
    await s.trade('BTCUSD', 'buy', 5, '60000');
    await s.trade('ETHUSD', 'sell', 4, '3000');
    await s.settle(['BTCUSD', 'ETHUSD']);
    const connection = createRedis(process.env.REDIS_URL ?? defaultUrls.redis, 'producer');
    const audit = createQueue<unknown>(queueNames.auditEvents, { connection, prefix: s.prefix });
    const statusEvents = async () => {
      const jobs = await audit.getJobs(['waiting', 'active', 'completed', 'failed']);
      return jobs
        .flatMap((j) => eventsOfJob(j.data) as { type: string }[])
        .filter((e) => e.type === 'sync.status');
    };
    try {
      // Reconciles are reporting: a first job went out after its linger, the next statuses wait.
      await expect.poll(async () => (await statusEvents()).length, { timeout: 10_000 }).toBeGreaterThan(0);
      // A second's reports wait in their linger.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const beforeStop = (await statusEvents()).length;
      await s.system.stop();
      // What waited is on the queue now, not lost with the closed connection (nor sent after it).
      expect((await statusEvents()).length).toBeGreaterThan(beforeStop);
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(s.logLines.filter((line) => line.includes('sync status not reported'))).toEqual([]);
      expect(s.logLines.filter((line) => line.includes('Connection is closed'))).toEqual([]);
    } finally {
      await audit.close();
      connection.disconnect();
    }
  });
});

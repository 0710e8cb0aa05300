import { brokerBreakerRecord, redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg } from './testing/seed.ts';

let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness({ env: { BREAKER_RESET_MS: '400' } });
});
afterAll(async () => {
  await h?.close();
});

describe('per-host circuit breaker', () => {
  it('opens on repeated transport failures; jobs wait instead of failing, then complete', async () => {
    const followers = await Promise.all([h.follower(), h.follower(), h.follower()]);
    // Every order to this host is refused (503, not processed) until the fault is cleared.
    const fault = h.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      scope: { route: 'POST /v2/orders' },
    });
    const legs = followers.map((f) => makeLeg(f.accountId));
    const jobs = await Promise.all(legs.map((leg) => h.send([leg])));
    await vi.waitFor(
      () => expect(h.logLines.some((l) => l.includes('broker circuit open; job waits'))).toBe(true),
      { timeout: 8_000, interval: 25 },
    );
    expect(await h.metricsText()).toMatch(/copytrade_executor_breaker_state\{[^}]*\} 2/);
    // The gateway's status reads the same state from Redis: the simulator's host, open, by this executor.
    const recorded = async () => {
      const fields = await h.redis.hgetall(redisKeys(h.prefix).brokerBreakers());
      return Object.entries(fields).map(([host, text]) => ({
        host,
        ...brokerBreakerRecord.parse(JSON.parse(text)),
      }));
    };
    const simHost = new URL(h.sim.restUrl).host;
    await vi.waitFor(async () => expect(await recorded()).toMatchObject([{ host: simHost, state: 'open' }]), {
      timeout: 2_000,
    });
    // While open (through several failed trials), jobs sit delayed: no attempt is spent, none fails.
    const attempts = async () =>
      Promise.all(jobs.map(async (job) => (await h.jobState(job.id!)).attemptsMade));
    const before = await attempts();
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    expect(await attempts()).toEqual(before);
    for (const job of jobs)
      expect(['delayed', 'waiting', 'active']).toContain((await h.jobState(job.id!)).state);
    const refused = h.logLines.filter((l) => l.includes('broker circuit open; job waits')).length;
    expect(refused).toBeGreaterThan(3);
    h.sim.control.clearFault(fault);
    await vi.waitFor(
      async () => {
        for (const job of jobs) expect((await h.jobState(job.id!)).state).toBe('completed');
      },
      { timeout: 10_000, interval: 50 },
    );
    for (const f of followers) expect(h.sim.control.orders(f.simUserId)).toHaveLength(1);
    for (const leg of legs) expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted' });
    expect(await h.metricsText()).toMatch(/copytrade_executor_breaker_state\{[^}]*\} 0/);
    expect(await recorded()).toMatchObject([{ host: simHost, state: 'closed' }]);
  });
});

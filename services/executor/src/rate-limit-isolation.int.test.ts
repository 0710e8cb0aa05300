import { randomUUID } from 'node:crypto';
import { type OrderLeg, redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { accountRateLimits } from './broker/account-rate-limits.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { type ExecutorHarness, startExecutorHarness } from './testing/executor-harness.ts';
import { makeLeg, type SeededFollower } from './testing/seed.ts';

// A 429 on one follower's key delays that follower's work only: everyone else keeps copying at the
// speed they copy without it, and the limited order goes out once, after the exchange's reset.
const STORM_MS = 3_000;
// Two cores shared with other test files: a little absolute room on top of "twice the calm latency".
const SLACK_MS = 500;
let h: ExecutorHarness;

beforeAll(async () => {
  h = await startExecutorHarness();
});
afterAll(async () => {
  await h?.close();
});

/** The simulator's creation time of the leg's order, in epoch ms (it records microseconds). */
async function placedAt(f: SeededFollower, leg: OrderLeg, timeout = 15_000): Promise<number> {
  const order = await vi.waitFor(
    () => {
      const found = h.sim.control.orders(f.simUserId).find((o) => o.client_order_id === leg.clientOrderId);
      expect(found).toBeDefined();
      return found!;
    },
    { timeout, interval: 5 },
  );
  return Number(order.created_at) / 1_000;
}

/** One leg for each follower at once; the slowest time from a leg's detection to its order on the book. */
async function slowestCopy(followers: SeededFollower[]): Promise<number> {
  const legs = followers.map((f) => makeLeg(f.accountId));
  await Promise.all(legs.map((leg) => h.send([leg])));
  const latencies = await Promise.all(
    followers.map(async (f, i) => (await placedAt(f, legs[i]!)) - legs[i]!.detectedAtMs),
  );
  return Math.max(...latencies);
}

describe('a rate-limited follower', () => {
  it('slows no one else, and its order goes out once after the reset without spending an attempt', async () => {
    const limited = await h.follower();
    const others = await Promise.all([h.follower(), h.follower(), h.follower()]);
    await slowestCopy(others); // warm-up: connections, account cache
    const calm = await slowestCopy(others);

    const stormEndsAt = Date.now() + STORM_MS;
    h.sim.control.injectFault({
      kind: 'rate_limit_storm',
      durationMs: STORM_MS,
      scope: { userId: limited.simUserId },
    });
    const leg = makeLeg(limited.accountId);
    const job = await h.send([leg]);
    // The 429 has been met: the intent is back to pending and the job has left the worker.
    await vi.waitFor(
      async () => {
        expect((await h.intent(leg.clientOrderId))?.state).toBe('pending');
        expect((await h.jobState(job.id!)).state).not.toBe('active');
      },
      { timeout: 5_000, interval: 5 },
    );

    const stormy = await slowestCopy(others);
    expect(stormy, `calm ${calm} ms`).toBeLessThanOrEqual(2 * calm + SLACK_MS);
    expect(Date.now()).toBeLessThan(stormEndsAt);

    await vi.waitFor(async () => expect((await h.jobState(job.id!)).state).toBe('completed'), {
      timeout: STORM_MS + 10_000,
      interval: 25,
    });
    const orders = h.sim.control.orders(limited.simUserId);
    expect(orders.map((o) => o.client_order_id)).toEqual([leg.clientOrderId]);
    expect(Number(orders[0]!.created_at) / 1_000).toBeGreaterThanOrEqual(stormEndsAt);
    expect((await h.jobState(job.id!)).attemptsMade).toBe(1);
    expect(await h.intent(leg.clientOrderId)).toMatchObject({ state: 'accepted' });
  });

  it('keeps the later of two holds, and lets the account go once the hold has passed', async () => {
    const limits = accountRateLimits(h.redis, loadScripts(h.redis), redisKeys(h.prefix));
    const account = randomUUID();
    expect(await limits.heldUntil(account)).toBeNull();
    const later = Date.now() + 400;
    expect(await limits.hold(account, later)).toBe(later);
    expect(await limits.hold(account, later - 200)).toBe(later);
    expect(await limits.heldUntil(account)).toBe(later);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await limits.heldUntil(account)).toBeNull();
  });
});

import { redisKeys } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// While copies are under way (the mapper and the executor mark them), exit-sync's follower reconciles
// wait for them to pass, up to COPY_PATH_DEFER_MAX_MS per burst, and then go on.
const plain = { mode: 'multiplier' as const, multiplier: '1' };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    env: { RECONCILE_INTERVAL_MS: '200', RECONCILE_MAX_PER_SECOND: '50', COPY_PATH_DEFER_MAX_MS: '5000' },
    followers: ['a', 'b'].map((label) => ({ label, settings: plain })),
  });
});
afterAll(async () => {
  await s?.close();
});

const reads = () =>
  s.followers.reduce(
    (n, f) => n + (s.sim.control.requests(f.simUserId)['GET /v2/positions/margined'] ?? 0),
    0,
  );
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('exit-sync while copies are under way', () => {
  it('holds follower reconciles until the burst has passed, then reconciles again', async () => {
    // Reconciling: each follower's positions are read every cycle.
    const quietFrom = reads();
    await sleep(1_000);
    expect(reads() - quietFrom).toBeGreaterThanOrEqual(2);
    // A burst marked for 2.5 s: the reconcile started before the mark may still read, then none.
    await s.redis.set(redisKeys(s.prefix).copyPathBusy(), '1', 'PX', 2_500);
    await sleep(500);
    const busyFrom = reads();
    await sleep(1_500);
    expect(reads() - busyFrom).toBe(0);
    // Passed: the held reconciles go, and the cycle goes on.
    await sleep(1_500);
    expect(reads() - busyFrom).toBeGreaterThanOrEqual(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Exit-sync spreads its reconciles out (RECONCILE_MAX_PER_SECOND) instead of running every follower
// at once each cycle: each one reads the exchange 2–3 times, on the cores the copy path needs.
const CYCLE_MS = 200;
const MAX_PER_SECOND = 4;
const plain = { mode: 'multiplier' as const, multiplier: '1' };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    env: { RECONCILE_INTERVAL_MS: String(CYCLE_MS), RECONCILE_MAX_PER_SECOND: String(MAX_PER_SECOND) },
    followers: ['a', 'b', 'c', 'd', 'e', 'f'].map((label) => ({ label, settings: plain })),
  });
});
afterAll(async () => {
  await s?.close();
});

describe('exit-sync under a reconcile rate limit', () => {
  it('reconciles at most RECONCILE_MAX_PER_SECOND followers a second, and every follower in turn', async () => {
    const reads = (simUserId: number) => s.sim.control.requests(simUserId)['GET /v2/positions/margined'] ?? 0;
    const before = s.followers.map((f) => reads(f.simUserId));
    const started = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const seconds = (Date.now() - started) / 1_000;
    const counts = s.followers.map((f, i) => reads(f.simUserId) - before[i]!);
    // Unlimited, six followers every 200 ms would be about 120 reconciles in 4 s.
    expect(counts.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(Math.ceil(seconds + 1) * MAX_PER_SECOND);
    for (const [i, n] of counts.entries()) expect(n, s.followers[i]!.label).toBeGreaterThanOrEqual(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// A reconcile locks the symbols the platform knows of for the follower, then reads the account's
// positions and open orders once under those locks: two requests per follower, where a read of the
// positions to find the symbols and two more per symbol under its lock made three or more.
const CYCLE_MS = 200;
const plain = { mode: 'multiplier' as const, multiplier: '1' };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    env: { RECONCILE_INTERVAL_MS: String(CYCLE_MS) },
    followers: [{ label: 'a', settings: plain }],
  });
});
afterAll(async () => {
  await s?.close();
});

describe("exit-sync's exchange reads", () => {
  it('read a follower with a position on a symbol of its master in two requests per reconcile', async () => {
    const symbol = 'BTCUSD';
    await s.trade(symbol, 'buy', 2, '60000');
    await s.settle([symbol]);
    const follower = s.followers[0]!;
    const counts = () => s.sim.control.requests(follower.simUserId);
    const before = counts();
    await new Promise((resolve) => setTimeout(resolve, 10 * CYCLE_MS));
    const after = counts();
    const delta = (route: string) => (after[route] ?? 0) - (before[route] ?? 0);
    const reconciles = delta('GET /v2/positions/margined');
    expect(reconciles).toBeGreaterThanOrEqual(3);
    expect(delta('GET /v2/orders')).toBe(reconciles);
    expect(delta('GET /v2/positions')).toBe(0);
  });
});

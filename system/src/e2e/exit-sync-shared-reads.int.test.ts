import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// Exit-sync shares one read of a master's positions among its followers' reconciles. A shared read
// taken before the master's last fill must not send anyone back to where the master was: a resync
// rests only on a read sent after the follower's book was read. With the shared read kept for a
// minute here, every reconcile after the first trade sees an out-of-date master position.
const CYCLE_MS = 300;
const plain = { mode: 'multiplier' as const, multiplier: '1' };
let s: E2eSession;

beforeAll(async () => {
  s = await startE2eSession({
    exitSync: true,
    env: {
      RECONCILE_INTERVAL_MS: String(CYCLE_MS),
      MASTER_POSITIONS_MAX_AGE_MS: '60000',
      IN_FLIGHT_MS: '2000',
    },
    followers: [
      { label: 'a', settings: plain },
      { label: 'b', settings: plain },
      { label: 'c', settings: plain },
    ],
  });
});
afterAll(async () => {
  await s?.close();
});

describe('exit-sync with a shared master read older than the book', () => {
  it('sends no follower back to an earlier master position', async () => {
    const symbol = 'BTCUSD';
    // Let a few cycles share a read of the master while it holds nothing.
    await new Promise((resolve) => setTimeout(resolve, 3 * CYCLE_MS));
    await s.trade(symbol, 'buy', 4, '60000');
    await s.trade(symbol, 'buy', 3, '60000');
    await s.settle([symbol]);
    // Cycles on the shared, older read: each would find every follow decided on a position it does not show.
    await new Promise((resolve) => setTimeout(resolve, 10 * CYCLE_MS));
    await s.settle([symbol]);
    for (const follower of s.followers) {
      expect(positionOf(s.sim, follower.simUserId, symbol), follower.label).toBe(7);
      const orders = s.sim.control.orders(follower.simUserId);
      expect(
        orders.map((o) => `${o.side} ${o.size}`),
        follower.label,
      ).toEqual(['buy 4', 'buy 3']);
    }
    await s.auditSettled();
    expect(await s.db.auditLog.count({ where: { type: 'sync.resynced' } })).toBe(0);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHarness, startHarness } from '../testing/sim-harness.ts';

// More pages than the client used to read before it stopped (1000): its own quota, so the reads fit.
const fillCount = 1_001;
let h: SimHarness;

beforeAll(async () => {
  h = await startHarness({ rateLimit: { quota: 1_000_000, windowMs: 300_000 } });
});

afterAll(async () => {
  await h.close();
});

describe('fillsSince over a long history', () => {
  it('reads every page to the end, however many there are', { timeout: 60_000 }, async () => {
    const { client, userId } = h.account({}, { USD: '10000000' });
    const startTime = (await client.getServerTime()) - 1;
    for (let placed = 0; placed < fillCount; placed += 50) {
      const batch = Math.min(50, fillCount - placed);
      await Promise.all(
        Array.from({ length: batch }, () =>
          client.placeOrder({ productId: 27, size: 1, side: 'buy', orderType: 'market_order' }),
        ),
      );
    }
    const ids: string[] = [];
    for await (const page of client.fillsSince({ startTime, pageSize: 1 }))
      ids.push(...page.fills.map((f) => f.id));
    const exchange = h.sim.control.fills(userId).map((f) => String(f.id));
    expect(exchange).toHaveLength(fillCount);
    expect(ids.sort()).toEqual(exchange.sort());
  });
});

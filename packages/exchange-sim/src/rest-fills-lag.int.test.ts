import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';
import { WsTestClient } from './test-support/ws-client.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const restFillIds = async (): Promise<number[]> =>
  (await deltaFetch(sim.restUrl, 'GET', '/v2/fills', { creds })).json.result.map((f: { id: number }) => f.id);

beforeAll(async () => {
  sim = await startSimulator({ restFillsLagMs: 500 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.control.reset();
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
});

describe('REST fills lagging the WebSocket', () => {
  it('lists a fill in /v2/fills only after the lag, while the order and position are current at once', async () => {
    const ws = await WsTestClient.connect(sim.wsUrl);
    await ws.auth(creds.apiKey, creds.apiSecret);
    await ws.subscribe('v2/user_trades', ['SOLUSD']);
    const placed = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: { product_symbol: 'SOLUSD', size: 2, side: 'buy', order_type: 'market_order' },
    });
    const madeAt = performance.now();
    const trade = await ws.next((m) => m.type === 'v2/user_trades');
    expect(trade).toMatchObject({ o: placed.json.result.id, s: 2, po: 2 });

    expect(await restFillIds()).toEqual([]);
    const order = await deltaFetch(sim.restUrl, 'GET', `/v2/orders/${placed.json.result.id}`, { creds });
    expect(order.json.result).toMatchObject({ state: 'closed', unfilled_size: 0, average_fill_price: '150' });
    const position = await deltaFetch(sim.restUrl, 'GET', '/v2/positions?product_symbol=SOLUSD', { creds });
    expect(position.json.result.size).toBe(2);
    expect(sim.control.fills(creds.userId).map((f) => f.id)).toEqual([trade.f]); // the exchange's own record

    await sleep(madeAt + 600 - performance.now());
    expect(await restFillIds()).toEqual([trade.f]);
    ws.close();
  });

  it('is set by setMatching (0 lists fills at once) and validated', async () => {
    expect(sim.control.setMatching({ restFillsLagMs: 0 }).restFillsLagMs).toBe(0);
    await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: { product_symbol: 'SOLUSD', size: 1, side: 'sell', order_type: 'market_order' },
    });
    expect(await restFillIds()).toHaveLength(1);
    const bad = await fetch(`${sim.restUrl}/sim/v1/matching`, {
      method: 'PUT',
      body: JSON.stringify({ restFillsLagMs: -5 }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^restFillsLagMs: /);
  });
});

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';
import { WsTestClient } from './test-support/ws-client.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
let ws: WsTestClient;

const market = (side: string, size: number) =>
  deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
    creds,
    body: { product_symbol: 'BTCUSD', size, side, order_type: 'market_order' },
  });
const after = (count: number) => ws.received.slice(count).filter((m) => m.action !== 'snapshot');

beforeAll(async () => {
  // Options set at start are what reset() returns to.
  sim = await startSimulator({ marketFillParts: 2, partStepBps: 5 });
});
afterAll(() => sim.stop());
beforeEach(async () => {
  sim.control.reset();
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
  ws = await WsTestClient.connect(sim.wsUrl);
  await ws.auth(creds.apiKey, creds.apiSecret);
  for (const channel of ['v2/user_trades', 'user_trades', 'orders', 'positions'])
    await ws.subscribe(channel, ['BTCUSD']);
  await ws.next((m) => m.type === 'positions' && m.action === 'snapshot');
});
afterEach(() => ws.close());

describe('a market order filled in parts', () => {
  it('fills in successively worse parts, each a fill of its own on every channel, in order', async () => {
    sim.control.setMatching({ marketFillParts: 3, partStepBps: 10 });
    const seen = ws.received.length;
    const buy = await market('buy', 8);
    // 8 in 3 parts: 3, 3, 2 at 60000, +10 bps, +20 bps (ticks of 0.5).
    expect(buy.json.result).toMatchObject({
      state: 'closed',
      unfilled_size: 0,
      average_fill_price: '60052.5',
    });
    const events = after(seen);
    expect(events.map((m) => `${m.type}${m.action ? ` ${m.action}` : ''}`)).toEqual([
      'orders create',
      ...['v2/user_trades', 'user_trades', 'orders update', 'positions create'],
      ...['v2/user_trades', 'user_trades', 'orders update', 'positions update'],
      ...['v2/user_trades', 'user_trades', 'orders delete', 'positions update'],
    ]);
    const trades = events.filter((m) => m.type === 'v2/user_trades');
    expect(trades.map((m) => [m.s, m.p, m.po, m.se])).toEqual([
      [3, '60000', 3, 1],
      [3, '60060', 6, 2],
      [2, '60120', 8, 3],
    ]);
    expect(new Set(trades.map((m) => m.f)).size).toBe(3);
    const legacy = events.filter((m) => m.type === 'user_trades');
    expect(legacy.map((m) => [m.fill_id, m.price, m.seq_no])).toEqual(trades.map((m) => [m.f, m.p, m.se]));
    expect(events.filter((m) => m.type === 'orders').map((m) => m.unfilled_size)).toEqual([8, 5, 2, 0]);
    expect(events.filter((m) => m.type === 'positions').map((m) => m.size)).toEqual([3, 6, 8]);

    const rest = await deltaFetch(sim.restUrl, 'GET', '/v2/fills', { creds });
    expect(rest.json.result.map((f: { id: number }) => f.id)).toEqual(trades.map((m) => m.f).reverse());
    expect(
      rest.json.result.map(
        (f: { size: number; price: string; meta_data: { new_position: { size: number } } }) => [
          f.size,
          f.price,
          f.meta_data.new_position.size,
        ],
      ),
    ).toEqual([
      [2, '60120', 8],
      [3, '60060', 6],
      [3, '60000', 3],
    ]);
    expect(sim.control.positions(creds.userId)).toMatchObject([{ size: 8, entry_price: '60052.5' }]);
  });

  it('walks down for a sell, closes the position part by part and keeps the sequence running', async () => {
    sim.control.setMatching({ marketFillParts: 3, partStepBps: 10 });
    await market('buy', 8);
    const seen = ws.received.length;
    const sell = await market('sell', 8);
    expect(sell.json.result.average_fill_price).toBe('59947.5');
    const events = after(seen);
    expect(events.filter((m) => m.type === 'v2/user_trades').map((m) => [m.S, m.s, m.p, m.po, m.se])).toEqual(
      [
        ['sell', 3, '60000', 5, 4],
        ['sell', 3, '59940', 2, 5],
        ['sell', 2, '59880', 0, 6],
      ],
    );
    expect(events.filter((m) => m.type === 'positions').map((m) => m.action)).toEqual([
      'update',
      'update',
      'delete',
    ]);
    expect(sim.control.fills(creds.userId)).toHaveLength(6);
    expect(sim.control.positions(creds.userId)).toMatchObject([{ size: 0 }]);
  });

  it('never makes more parts than contracts, and starts from the options after a reset', async () => {
    sim.control.setMatching({ marketFillParts: 5 });
    await market('buy', 2);
    expect(sim.control.fills(creds.userId).map((f) => [f.size, f.price])).toEqual([
      [1, '60000'],
      [1, '60030'],
    ]);
    sim.control.reset();
    creds = sim.control.createAccount({ balances: { USD: '10000' } });
    await market('buy', 3);
    // Back to the start options: 2 parts, 5 bps apart.
    expect(sim.control.fills(creds.userId).map((f) => [f.size, f.price])).toEqual([
      [2, '60000'],
      [1, '60030'],
    ]);
  });

  it('refuses bad matching input naming the field', async () => {
    const put = async (body: unknown) => {
      const res = await fetch(`${sim.restUrl}/sim/v1/matching`, {
        method: 'PUT',
        body: JSON.stringify(body),
      });
      return { status: res.status, error: ((await res.json()) as { error: string }).error };
    };
    expect(await put({ marketFillParts: 0 })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^marketFillParts: /),
    });
    expect(await put({ marketFillParts: 1.5 })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^marketFillParts: /),
    });
    expect(await put({ partStepBps: -1 })).toMatchObject({
      status: 400,
      error: expect.stringMatching(/^partStepBps: /),
    });
    expect(await put({ marketFillParts: 4, partStepBps: 2 })).toMatchObject({ status: 200 });
  });
});

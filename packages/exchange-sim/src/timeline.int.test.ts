import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';
import { WsTestClient } from './test-support/ws-client.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
const control = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${sim.restUrl}/sim/v1${path}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire fields.
  return { status: res.status, json: (await res.json()) as any };
};
const marketOrder = (side: 'buy' | 'sell', clientOrderId?: string) =>
  deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
    creds,
    body: {
      product_symbol: 'SOLUSD',
      size: 2,
      side,
      order_type: 'market_order',
      ...(clientOrderId ? { client_order_id: clientOrderId } : {}),
    },
  });

beforeAll(async () => {
  sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.control.reset();
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
});

describe('timeline (the simulator’s own timestamps of orders taken and fills sent)', () => {
  it('records nothing until switched on', async () => {
    await marketOrder('buy');
    const page = await control('GET', '/timeline');
    expect(page.json).toMatchObject({ recording: false, events: [], next: 0, dropped: 0 });
  });

  it('records each order when the engine takes it and each fill once its WebSocket message is sent', async () => {
    const ws = await WsTestClient.connect(sim.wsUrl);
    await ws.auth(creds.apiKey, creds.apiSecret);
    await ws.subscribe('v2/user_trades', ['SOLUSD']);
    expect((await control('PUT', '/timeline', { recording: true })).json).toEqual({ recording: true });
    const before = performance.timeOrigin + performance.now();
    const placed = await marketOrder('buy', 'cpabc');
    const trade = await ws.next((m) => m.type === 'v2/user_trades');
    const after = performance.timeOrigin + performance.now();

    const page = (await control('GET', '/timeline')).json;
    expect(page.events).toHaveLength(2);
    const [order, fill] = page.events;
    expect(order).toMatchObject({
      seq: 1,
      kind: 'order',
      userId: creds.userId,
      orderId: placed.json.result.id,
      clientOrderId: 'cpabc',
      symbol: 'SOLUSD',
      side: 'buy',
      size: 2,
    });
    expect(fill).toMatchObject({ seq: 2, kind: 'fill', orderId: placed.json.result.id, fillId: trade.f });
    expect(fill.monoMs).toBeGreaterThanOrEqual(order.monoMs);
    // One process here, so the simulator's clock is this test's: both moments fall inside the call.
    for (const e of page.events) {
      expect(page.timeOrigin + e.monoMs).toBeGreaterThanOrEqual(before);
      expect(page.timeOrigin + e.monoMs).toBeLessThanOrEqual(after);
      expect(Math.abs(e.wallMs - (page.timeOrigin + e.monoMs))).toBeLessThan(50);
    }
    expect(page.next).toBe(2);
    ws.close();
  });

  it('reads on after a sequence number, in pages, and forgets on clear while numbers go on', async () => {
    sim.control.setTimeline({ recording: true });
    await marketOrder('buy');
    await marketOrder('sell');
    const first = (await control('GET', '/timeline?after=0&limit=3')).json;
    expect(first.events.map((e: { seq: number }) => e.seq)).toEqual([1, 2, 3]);
    const rest = (await control('GET', `/timeline?after=${first.next}`)).json;
    expect(rest.events.map((e: { seq: number; kind: string }) => [e.seq, e.kind])).toEqual([[4, 'fill']]);
    expect((await control('GET', '/timeline?after=4')).json).toMatchObject({ events: [], next: 4 });

    sim.control.setTimeline({ clear: true });
    await marketOrder('buy');
    const cleared = (await control('GET', '/timeline')).json;
    expect(cleared.events.map((e: { seq: number }) => e.seq)).toEqual([5, 6]);
    sim.control.setTimeline({ recording: false });
    await marketOrder('sell');
    expect((await control('GET', '/timeline?after=6')).json.events).toEqual([]);
  });

  it('refuses bad input with a clear error', async () => {
    expect(await control('PUT', '/timeline', { recording: 'yes' })).toMatchObject({ status: 400 });
    expect(await control('GET', '/timeline?after=-1')).toMatchObject({ status: 400 });
    expect(await control('GET', '/timeline?limit=0')).toMatchObject({ status: 400 });
    expect(await control('GET', '/timeline?what=1')).toMatchObject({ status: 400 });
    expect((await control('PUT', '/timeline', { recording: 'yes' })).json.error).toMatch(/recording/);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';
import { WsTestClient } from './test-support/ws-client.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
const order = { product_symbol: 'SOLUSD', size: 1, side: 'buy', order_type: 'market_order' };
const place = (body: Record<string, unknown> = order) =>
  deltaFetch(sim.restUrl, 'POST', '/v2/orders', { creds, body });

beforeAll(async () => {
  sim = await startSimulator({ seed: 42 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.control.reset();
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
});

describe('HTTP faults', () => {
  it('adds latency with jitter to the scoped route only', async () => {
    // A delay far above what a loaded test machine adds (an unscoped call took 152 ms once in CI, against
    // a 100 ms bound beside a 150 ms delay): the two cannot be mistaken for each other.
    sim.control.injectFault({
      kind: 'latency',
      ms: 1_500,
      jitterMs: 20,
      scope: { route: 'POST /v2/orders' },
    });
    let t = performance.now();
    await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds });
    expect(performance.now() - t).toBeLessThan(1_000);
    t = performance.now();
    expect((await place()).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(1_495);
  });

  it('503 is not processed; 500 is processed, then fails', async () => {
    const id = sim.control.injectFault({ kind: 'http_error', status: 503, scope: { count: 1 } });
    const refused = await place({ ...order, client_order_id: 'u-503' });
    expect(refused.status).toBe(503);
    expect(refused.json).toEqual({ success: false, error: { code: 'unavailable' } });
    expect(sim.control.orders(creds.userId)).toHaveLength(0);
    expect(sim.control.clearFault(id)).toBe(false); // expired after one use
    sim.control.injectFault({ kind: 'http_error', status: 500, scope: { count: 1, userId: creds.userId } });
    const failed = await place({ ...order, client_order_id: 'u-500' });
    expect(failed.status).toBe(500);
    const lookup = await deltaFetch(sim.restUrl, 'GET', '/v2/orders/client_order_id/u-500', { creds });
    expect(lookup.json.result.state).toBe('closed');
  });

  it('applies 5xx at a seeded rate', async () => {
    sim.control.injectFault({ kind: 'http_error', status: 502, rate: 0.5, processed: false });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) statuses.push((await deltaFetch(sim.restUrl, 'GET', '/v2/settings')).status);
    const failures = statuses.filter((s) => s === 502).length;
    expect(failures).toBeGreaterThan(5);
    expect(failures).toBeLessThan(35);
  });

  it('executes the order, then drops the response', async () => {
    sim.control.injectFault({ kind: 'drop_response', scope: { route: 'POST /v2/orders', count: 1 } });
    await expect(place({ ...order, client_order_id: 'dropped' })).rejects.toThrow();
    const lookup = await deltaFetch(sim.restUrl, 'GET', '/v2/orders/client_order_id/dropped', { creds });
    expect(lookup.json.result).toMatchObject({ state: 'closed', client_order_id: 'dropped' });
    expect((await place()).status).toBe(200);
  });

  it('drops responses at a seeded rate, every dropped order still executed', async () => {
    sim.control.injectFault({ kind: 'drop_response', rate: 0.25, scope: { route: 'POST /v2/orders' } });
    const dropped: string[] = [];
    for (let i = 0; i < 40; i++) {
      const cid = `rate-${i}`;
      const answer = await place({ ...order, client_order_id: cid }).catch(() => undefined);
      if (answer === undefined) dropped.push(cid);
      else expect(answer.status).toBe(200);
    }
    expect(dropped.length).toBeGreaterThan(2);
    expect(dropped.length).toBeLessThan(25);
    const executed = sim.control.orders(creds.userId).map((o) => o.client_order_id);
    expect(executed).toHaveLength(40);
    expect(executed).toEqual(expect.arrayContaining(dropped));
  });

  it('storms 429 with X-RATE-LIMIT-RESET for a duration', async () => {
    sim.control.injectFault({ kind: 'rate_limit_storm', durationMs: 300 });
    const limited = await deltaFetch(sim.restUrl, 'GET', '/v2/settings');
    expect(limited.status).toBe(429);
    const reset = Number(limited.headers.get('x-rate-limit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(300);
    await new Promise((r) => setTimeout(r, reset + 20));
    expect((await deltaFetch(sim.restUrl, 'GET', '/v2/settings')).status).toBe(200);
  });

  it('shifts the server clock, which moves the signature window', async () => {
    const id = sim.control.injectFault({ kind: 'clock_offset', offsetMs: 60_000 });
    const settings = await deltaFetch(sim.restUrl, 'GET', '/v2/settings');
    expect(settings.json.result.server_time / 1000 - Date.now()).toBeGreaterThan(55_000);
    const expired = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds });
    expect(expired.json.error.code).toBe('expired_signature');
    const synced = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', {
      creds,
      timestamp: Math.floor(settings.json.result.server_time / 1e6),
    });
    expect(synced.status).toBe(200);
    sim.control.clearFault(id);
    expect((await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds })).status).toBe(200);
  });
});

describe('WebSocket faults', () => {
  it('disconnects the scoped account only', async () => {
    const other = sim.control.createAccount({});
    const mine = await WsTestClient.connect(sim.wsUrl);
    const theirs = await WsTestClient.connect(sim.wsUrl);
    await mine.auth(creds.apiKey, creds.apiSecret);
    await theirs.auth(other.apiKey, other.apiSecret);
    sim.control.injectFault({ kind: 'ws_disconnect', scope: { userId: creds.userId } });
    await mine.closed;
    theirs.send({ type: 'ping' });
    expect(await theirs.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    theirs.close();
  });

  it('skips user_trades events while se advances', async () => {
    const ws = await WsTestClient.connect(sim.wsUrl);
    await ws.auth(creds.apiKey, creds.apiSecret);
    await ws.subscribe('v2/user_trades', ['SOLUSD']);
    sim.control.injectFault({ kind: 'ws_gap', events: 2, scope: { userId: creds.userId } });
    for (let i = 0; i < 4; i++) await place({ ...order, side: i % 2 ? 'sell' : 'buy' });
    await ws.next((m) => m.type === 'v2/user_trades' && m.se === 4);
    expect(ws.received.filter((m) => m.type === 'v2/user_trades').map((m) => m.se)).toEqual([3, 4]);
    ws.close();
  });
});

describe('rate limits', () => {
  it('charges endpoint weights per user and resets with the window', async () => {
    sim.control.setRateLimit({ quota: 12, windowMs: 400 });
    // wait for the start of a fresh window so the test cannot straddle two
    await new Promise((r) => setTimeout(r, 400 - (Date.now() % 400) + 5));
    expect((await place()).status).toBe(200); // 5
    expect((await place()).status).toBe(200); // 10
    const limited = await place(); // 15 > 12
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('x-rate-limit-reset'))).toBeGreaterThan(0);
    expect((await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds })).status).toBe(200); // 11
    await new Promise((r) => setTimeout(r, Number(limited.headers.get('x-rate-limit-reset')) + 10));
    expect((await place()).status).toBe(200);
  });
});

describe('control API validation', () => {
  it('answers 400 with a clear message on bad input', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.restUrl}/sim/v1${path}`, { method: 'POST', body: JSON.stringify(body) });
    const badFault = await post('/faults', { kind: 'http_error', status: 404 });
    expect(badFault.status).toBe(400);
    expect(((await badFault.json()) as { error: string }).error).toMatch(/status/);
    const badAccount = await post('/accounts', { balances: { USD: 'lots' } });
    expect(badAccount.status).toBe(400);
    expect(((await badAccount.json()) as { error: string }).error).toMatch(/balances\.USD/);
    const unknownKind = await post('/faults', { kind: 'meteor' });
    expect(unknownKind.status).toBe(400);
    expect(() => sim.control.injectFault({ kind: 'latency', ms: -1 })).toThrow(/ms/);
  });

  it('drives an account end to end over HTTP', async () => {
    const created = (await (
      await fetch(`${sim.restUrl}/sim/v1/accounts`, {
        method: 'POST',
        body: JSON.stringify({ balances: { USD: '500' } }),
      })
    ).json()) as { userId: number; apiKey: string; apiSecret: string };
    await fetch(`${sim.restUrl}/sim/v1/accounts/${created.userId}/fund`, {
      method: 'POST',
      body: JSON.stringify({ asset: 'USD', amount: '250' }),
    });
    await fetch(`${sim.restUrl}/sim/v1/mark-prices/SOLUSD`, {
      method: 'PUT',
      body: JSON.stringify({ price: '100' }),
    });
    const placed = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', { creds: created, body: order });
    expect(placed.json.result.average_fill_price).toBe('100');
    const balances = (await (
      await fetch(`${sim.restUrl}/sim/v1/accounts/${created.userId}/balances`)
    ).json()) as {
      balance: string;
    }[];
    expect(balances[0]?.balance).toBe('749.95');
    const fault = (await (
      await fetch(`${sim.restUrl}/sim/v1/faults`, { method: 'POST', body: JSON.stringify({ kind: 'hang' }) })
    ).json()) as { id: string };
    expect((await (await fetch(`${sim.restUrl}/sim/v1/faults`)).json()) as unknown[]).toHaveLength(1);
    await fetch(`${sim.restUrl}/sim/v1/faults/${fault.id}`, { method: 'DELETE' });
    expect((await fetch(`${sim.restUrl}/sim/v1/nothing`)).status).toBe(404);
  });
});

import { Decimal } from 'decimal.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';
import { WsTestClient } from './test-support/ws-client.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
const clients: WsTestClient[] = [];

async function connect(path = ''): Promise<WsTestClient> {
  const client = await WsTestClient.connect(sim.wsUrl + path);
  clients.push(client);
  return client;
}

beforeAll(async () => {
  sim = await startSimulator({ heartbeatIntervalMs: 50 });
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => sim.stop());

describe('key-auth', () => {
  it('authenticates with the signature of GET + timestamp + /live', async () => {
    const ws = await connect();
    expect(await ws.auth(creds.apiKey, creds.apiSecret)).toEqual({
      type: 'key-auth',
      success: true,
      status_code: 200,
      status: 'authenticated',
    });
  });

  it('answers every documented failure', async () => {
    const ws = await connect('/ws');
    ws.send({ type: 'key-auth', payload: { 'api-key': creds.apiKey } });
    expect(await ws.next((m) => m.type === 'key-auth')).toMatchObject({
      success: false,
      status_code: 400,
      status: 'incomplete_payload',
    });
    ws.received.length = 0;
    expect(await ws.auth(creds.apiKey, creds.apiSecret, Math.floor(Date.now() / 1000) - 30)).toMatchObject({
      status_code: 408,
      status: 'request_expired',
    });
    ws.received.length = 0;
    expect(await ws.auth('nope', creds.apiSecret)).toMatchObject({
      status_code: 404,
      status: 'api_key_not_found',
    });
    ws.received.length = 0;
    expect(await ws.auth(creds.apiKey, 'wrong')).toMatchObject({
      status_code: 401,
      status: 'invalid_signature',
    });
    ws.received.length = 0;
    const fenced = sim.control.createApiKey(creds.userId, { ipWhitelist: ['10.0.0.9'] });
    expect(await ws.auth(fenced.apiKey, fenced.apiSecret)).toMatchObject({
      status_code: 401,
      status: 'ip_not_whitelisted',
    });
  });

  it('refuses private channels before auth and leaves them on unauth', async () => {
    const ws = await connect();
    const refused = await ws.subscribe('v2/user_trades', ['BTCUSD']);
    expect(refused.channels).toEqual([
      { name: 'v2/user_trades', error: 'subscription forbidden on v2/user_trades. Unauthorized user' },
    ]);
    await ws.auth(creds.apiKey, creds.apiSecret);
    const ok = await ws.subscribe('v2/user_trades', ['BTCUSD']);
    expect(ok.channels).toEqual([{ name: 'v2/user_trades', symbols: ['BTCUSD'] }]);
    ws.send({ type: 'unauth', payload: {} });
    await ws.next((m) => m.type === 'unauth');
    const left = await ws.subscribe('v2/ticker', ['BTCUSD']);
    expect(left.channels).toEqual([{ name: 'v2/ticker', symbols: ['BTCUSD'] }]);
  });
});

describe('private events', () => {
  it('sends fills, orders and positions before the REST response', async () => {
    const ws = await connect();
    await ws.auth(creds.apiKey, creds.apiSecret);
    await ws.subscribe('v2/user_trades', ['all']);
    await ws.subscribe('orders', ['BTCUSD']);
    await ws.subscribe('positions', ['BTCUSD']);
    await ws.next((m) => m.type === 'positions' && m.action === 'snapshot');
    let sawResponseAt = -1;
    const placing = deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: {
        product_symbol: 'BTCUSD',
        size: 3,
        side: 'buy',
        order_type: 'market_order',
        client_order_id: 'ws-1',
      },
    }).then((r) => {
      sawResponseAt = ws.received.length;
      return r;
    });
    const trade = await ws.next((m) => m.type === 'v2/user_trades');
    const placed = await placing;
    const position = await ws.next((m) => m.type === 'positions' && m.action === 'create');
    expect(trade).toEqual({
      type: 'v2/user_trades',
      sy: 'BTCUSD',
      f: expect.any(Number),
      R: 'normal',
      u: creds.userId,
      o: placed.json.result.id,
      S: 'buy',
      s: 3,
      p: '60000',
      po: 3,
      r: 'taker',
      c: 'ws-1',
      t: expect.any(Number),
      se: 1,
    });
    expect(position).toMatchObject({ symbol: 'BTCUSD', size: 3, entry_price: '60000' });
    // The socket wrote every event before the HTTP response was written.
    expect(ws.received.indexOf(position)).toBeLessThan(sawResponseAt);
    const orderEvents = ws.received.filter((m) => m.type === 'orders' && m.action !== 'snapshot');
    expect(orderEvents.map((m) => m.action)).toEqual(['create', 'delete']);
    expect(orderEvents[1]).toMatchObject({ state: 'closed', unfilled_size: 0, reason: 'fill' });

    await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: { product_symbol: 'BTCUSD', size: 3, side: 'sell', order_type: 'market_order' },
    });
    const second = await ws.next((m) => m.type === 'v2/user_trades' && m.se === 2);
    expect(second.po).toBe(0);
    expect(await ws.next((m) => m.type === 'positions' && m.action === 'delete')).toMatchObject({ size: 0 });
  });

  it('sends the older user_trades message, the same to every subscriber', async () => {
    const account = sim.control.createAccount({ balances: { USD: '10000' } });
    const [a, b] = [await connect(), await connect()];
    for (const ws of [a, b]) {
      await ws.auth(account.apiKey, account.apiSecret);
      await ws.subscribe('user_trades', ['ETHUSD']);
    }
    const placed = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds: account,
      body: {
        product_symbol: 'ETHUSD',
        size: 4,
        side: 'sell',
        order_type: 'market_order',
        client_order_id: 'ut-1',
      },
    });
    const [fromA, fromB] = await Promise.all([a, b].map((ws) => ws.next((m) => m.type === 'user_trades')));
    expect(fromA).toEqual({
      type: 'user_trades',
      symbol: 'ETHUSD',
      fill_id: expect.any(Number),
      reason: 'normal',
      product_id: placed.json.result.product_id,
      user_id: account.userId,
      order_id: placed.json.result.id,
      side: 'sell',
      size: 4,
      price: placed.json.result.average_fill_price,
      role: 'taker',
      commission: placed.json.result.paid_commission,
      client_order_id: 'ut-1',
      timestamp: expect.any(Number),
      seq_no: 1,
    });
    expect(fromB).toEqual(fromA);
  });

  it('sends margins once per order with the wallet as REST then shows it, after funds move, to its user only', async () => {
    const account = sim.control.createAccount({ balances: { USD: '5000' } });
    const other = sim.control.createAccount({ balances: { USD: '5000' } });
    const [ws, bystander] = [await connect(), await connect()];
    await ws.auth(account.apiKey, account.apiSecret);
    await bystander.auth(other.apiKey, other.apiSecret);
    await ws.subscribe('margins', []);
    await bystander.subscribe('margins', []);
    await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds: account,
      body: { product_symbol: 'BTCUSD', size: 2, side: 'buy', order_type: 'market_order' },
    });
    const update = await ws.next((m) => m.type === 'margins');
    const rows = (await deltaFetch(sim.restUrl, 'GET', '/v2/wallet/balances', { creds: account })).json
      .result;
    const usd = rows.find((r: { asset_symbol: string }) => r.asset_symbol === 'USD');
    expect(update).toMatchObject({
      action: 'update',
      asset_symbol: 'USD',
      user_id: account.userId,
      balance: usd.balance,
      available_balance: usd.available_balance,
      blocked_margin: usd.blocked_margin,
      timestamp: expect.any(Number),
    });
    expect(update.balance).not.toBe('5000'); // the taker fee was paid
    sim.control.fund(account.userId, 'USD', '250');
    const funded = await ws.next((m) => m.type === 'margins' && m !== update);
    expect(funded.balance).toBe(new Decimal(update.balance).add(250).toString());
    // One message per change: the order's create, fill and position events made one.
    expect(ws.received.filter((m) => m.type === 'margins')).toHaveLength(2);
    // A leverage change moves the position's margin, and so the wallet's available balance.
    await deltaFetch(sim.restUrl, 'POST', '/v2/products/27/orders/leverage', {
      creds: account,
      body: { leverage: '20' },
    });
    const releveraged = await ws.next((m) => m.type === 'margins' && m !== update && m !== funded);
    expect(new Decimal(releveraged.blocked_margin).lt(funded.blocked_margin)).toBe(true);
    expect(bystander.received.filter((m) => m.type === 'margins')).toEqual([]);
  });

  it('sends a positions snapshot on subscribe', async () => {
    const account = sim.control.createAccount({ balances: { USD: '1000' } });
    await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds: account,
      body: { product_symbol: 'SOLUSD', size: 2, side: 'sell', order_type: 'market_order' },
    });
    const ws = await connect();
    await ws.auth(account.apiKey, account.apiSecret);
    await ws.subscribe('positions', ['SOLUSD']);
    const snapshot = await ws.next((m) => m.type === 'positions' && m.action === 'snapshot');
    expect(snapshot.result).toHaveLength(1);
    expect(snapshot.result[0]).toMatchObject({ product_symbol: 'SOLUSD', size: -2 });
  });
});

describe('public channels and liveness', () => {
  it('publishes mark_price and v2/ticker on mark changes', async () => {
    const ws = await connect();
    await ws.subscribe('mark_price', ['MARK:ETHUSD']);
    await ws.subscribe('v2/ticker', ['ETHUSD']);
    sim.control.setMarkPrice('ETHUSD', '3010');
    expect(await ws.next((m) => m.type === 'mark_price')).toMatchObject({
      symbol: 'MARK:ETHUSD',
      price: '3010',
    });
    expect(await ws.next((m) => m.type === 'v2/ticker')).toMatchObject({
      symbol: 'ETHUSD',
      mark_price: '3010',
    });
  });

  it('sends every subscriber the same mark_price and v2/ticker message', async () => {
    const [a, b] = [await connect(), await connect()];
    for (const ws of [a, b]) {
      await ws.subscribe('mark_price', ['MARK:SOLUSD']);
      await ws.subscribe('v2/ticker', ['all']);
    }
    sim.control.setMarkPrice('SOLUSD', '151.5');
    for (const type of ['mark_price', 'v2/ticker']) {
      const [fromA, fromB] = await Promise.all(
        [a, b].map((ws) =>
          ws.next((m) => m.type === type && (m.symbol === 'SOLUSD' || m.symbol === 'MARK:SOLUSD')),
        ),
      );
      expect(fromB).toEqual(fromA);
    }
  });

  it('answers ping with pong and sends heartbeats once enabled', async () => {
    const ws = await connect();
    ws.send({ type: 'ping' });
    expect(await ws.next((m) => m.type === 'pong')).toEqual({ type: 'pong' });
    await new Promise((r) => setTimeout(r, 120));
    expect(ws.received.some((m) => m.type === 'heartbeat')).toBe(false);
    ws.send({ type: 'enable_heartbeat' });
    await ws.next((m) => m.type === 'heartbeat', 1000);
    const count = () => ws.received.filter((m) => m.type === 'heartbeat').length;
    await new Promise((r) => setTimeout(r, 130));
    expect(count()).toBeGreaterThanOrEqual(2);
    ws.send({ type: 'disable_heartbeat' });
    await new Promise((r) => setTimeout(r, 20));
    const after = count();
    await new Promise((r) => setTimeout(r, 120));
    expect(count()).toBe(after);
  });
});

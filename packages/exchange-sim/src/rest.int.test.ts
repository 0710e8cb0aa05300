import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, signRequest, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';

let sim: Simulator;
let creds: Creds;
let userId: number;

beforeAll(async () => {
  sim = await startSimulator();
  const account = sim.control.createAccount({ label: 'rest', balances: { USD: '10000' } });
  creds = account;
  userId = account.userId;
});
afterAll(() => sim.stop());

describe('public endpoints', () => {
  it('lists products with Delta field names and types', async () => {
    const r = await deltaFetch(sim.restUrl, 'GET', '/v2/products');
    expect(r.status).toBe(200);
    expect(r.json.success).toBe(true);
    const btc = r.json.result.find((p: { symbol: string }) => p.symbol === 'BTCUSD');
    expect(btc).toMatchObject({
      id: 27,
      contract_type: 'perpetual_futures',
      contract_value: '0.001',
      tick_size: '0.5',
      state: 'live',
      notional_type: 'vanilla',
      settling_asset: { symbol: 'USD' },
      underlying_asset: { symbol: 'BTC' },
    });
    expect(typeof btc.position_size_limit).toBe('number');
    expect(typeof btc.taker_commission_rate).toBe('string');
    expect(r.json.result.map((p: { symbol: string }) => p.symbol).sort()).toEqual([
      'BTCUSD',
      'ETHUSD',
      'SOLUSD',
    ]);
  });

  it('serves one product, assets, tickers and settings', async () => {
    const product = await deltaFetch(sim.restUrl, 'GET', '/v2/products/ETHUSD');
    expect(product.json.result).toMatchObject({ symbol: 'ETHUSD', contract_value: '0.01' });
    const assets = await deltaFetch(sim.restUrl, 'GET', '/v2/assets');
    expect(assets.json.result.find((a: { symbol: string }) => a.symbol === 'USD')).toMatchObject({ id: 14 });
    const ticker = await deltaFetch(sim.restUrl, 'GET', '/v2/tickers/BTCUSD');
    expect(ticker.json.result).toMatchObject({ symbol: 'BTCUSD', mark_price: '60000', product_id: 27 });
    const tickers = await deltaFetch(sim.restUrl, 'GET', '/v2/tickers');
    expect(tickers.json.result).toHaveLength(3);
    const settings = await deltaFetch(sim.restUrl, 'GET', '/v2/settings');
    expect(Math.abs(settings.json.result.server_time / 1000 - Date.now())).toBeLessThan(2000);
  });

  it('answers unknown routes, unknown symbols and wrong methods in the error envelope', async () => {
    const missing = await deltaFetch(sim.restUrl, 'GET', '/v2/nothing');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      success: false,
      error: { code: 'not_found', context: { path: '/v2/nothing' } },
    });
    const symbol = await deltaFetch(sim.restUrl, 'GET', '/v2/products/NOPE');
    expect(symbol.status).toBe(404);
    expect(symbol.json.error.code).toBe('invalid_contract');
    const method = await deltaFetch(sim.restUrl, 'PATCH', '/v2/products');
    expect(method.status).toBe(405);
  });

  it('refuses a request without User-Agent with 403', async () => {
    const res = await fetch(`${sim.restUrl}/v2/products`, { headers: { 'user-agent': '' } });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { success: boolean }).success).toBe(false);
  });
});

describe('authentication', () => {
  it('accepts a correctly signed request', async () => {
    const r = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds });
    expect(r.status).toBe(200);
    expect(r.json.result.id).toBe(userId);
  });

  it('signs the query string with its leading ?', async () => {
    const ok = await deltaFetch(sim.restUrl, 'GET', '/v2/positions?product_symbol=BTCUSD', { creds });
    expect(ok.status).toBe(200);
    expect(ok.json.result).toMatchObject({ size: 0, entry_price: null });
    const ts = Math.floor(Date.now() / 1000);
    const res = await fetch(`${sim.restUrl}/v2/positions?product_symbol=BTCUSD`, {
      headers: {
        'User-Agent': 't',
        'api-key': creds.apiKey,
        timestamp: String(ts),
        signature: signRequest(creds.apiSecret, 'GET', ts, '/v2/positions', ''),
      },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
  });

  it('refuses a signature with a non-ASCII character as a bad signature (401), not with a 500', async () => {
    const ts = Math.floor(Date.now() / 1000);
    const signature = signRequest(creds.apiSecret, 'GET', ts, '/v2/profile', '');
    const res = await fetch(`${sim.restUrl}/v2/profile`, {
      headers: {
        'User-Agent': 't',
        'api-key': creds.apiKey,
        timestamp: String(ts),
        // As many characters as a real signature, one of them two bytes long in UTF-8.
        signature: `${signature.slice(0, -1)}é`,
      },
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_signature');
  });

  it('refuses unknown keys, bad signatures and private calls without headers', async () => {
    const unknown = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', {
      creds: { ...creds, apiKey: 'nope' },
    });
    expect(unknown.status).toBe(401);
    expect(unknown.json.error.code).toBe('invalid_api_key');
    const bad = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', {
      creds: { ...creds, apiSecret: 'wrong' },
    });
    expect(bad.status).toBe(401);
    expect(bad.json.error.code).toBe('invalid_signature');
    const none = await deltaFetch(sim.restUrl, 'GET', '/v2/profile');
    expect(none.status).toBe(401);
  });

  it("counts each user's authenticated requests by route, not refused ones, and those without a key apart (control: requests)", async () => {
    const counted = sim.control.createAccount({ label: 'counted', balances: { USD: '100' } });
    for (let i = 0; i < 2; i++)
      expect(
        (await deltaFetch(sim.restUrl, 'GET', '/v2/positions/margined', { creds: counted })).status,
      ).toBe(200);
    expect(
      (await deltaFetch(sim.restUrl, 'GET', '/v2/orders?product_id=27', { creds: counted })).status,
    ).toBe(200);
    await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds: { ...counted, apiSecret: 'wrong' } });
    const over = await fetch(`${sim.restUrl}/sim/v1/accounts/${counted.userId}/requests`);
    expect(await over.json()).toEqual({ 'GET /v2/positions/margined': 2, 'GET /v2/orders': 1 });
    expect(sim.control.requests(counted.userId)).toEqual({
      'GET /v2/positions/margined': 2,
      'GET /v2/orders': 1,
    });
    // Without a key: counted apart (Delta's quota for them is the IP's).
    const publicBefore = sim.control.requests()['GET /v2/settings'] ?? 0;
    await deltaFetch(sim.restUrl, 'GET', '/v2/settings');
    const publicAfter = (await (await fetch(`${sim.restUrl}/sim/v1/requests`)).json()) as Record<
      string,
      number
    >;
    expect(publicAfter['GET /v2/settings']).toBe(publicBefore + 1);
  });

  it('refuses signatures older than 5 seconds with server and request time', async () => {
    const ts = Math.floor(Date.now() / 1000) - 7;
    const r = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds, timestamp: ts });
    expect(r.status).toBe(401);
    expect(r.json.error.code).toBe('expired_signature');
    expect(r.json.error.context.request_time).toBe(ts);
    expect(r.json.error.context.server_time).toBeGreaterThanOrEqual(ts + 6);
    const fresh = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds, timestamp: ts + 4 });
    expect(fresh.status).toBe(200);
  });

  it('lets a read-only key read but not trade', async () => {
    const readOnly = sim.control.createApiKey(userId, { permissions: ['read'] });
    const read = await deltaFetch(sim.restUrl, 'GET', '/v2/wallet/balances', { creds: readOnly });
    expect(read.status).toBe(200);
    const trade = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds: readOnly,
      body: { product_id: 27, size: 1, side: 'buy', order_type: 'market_order' },
    });
    expect(trade.status).toBe(401);
    expect(trade.json.error.code).toBe('unauthorized_api_access');
  });

  it('refuses callers outside the key IP whitelist', async () => {
    const fenced = sim.control.createApiKey(userId, { ipWhitelist: ['10.1.2.3'] });
    const r = await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds: fenced });
    expect(r.status).toBe(401);
    expect(r.json.error).toEqual({
      code: 'ip_not_whitelisted_for_api_key',
      context: { client_ip: '127.0.0.1' },
    });
    const open = sim.control.createApiKey(userId, { ipWhitelist: ['127.0.0.1'] });
    expect((await deltaFetch(sim.restUrl, 'GET', '/v2/profile', { creds: open })).status).toBe(200);
  });
});

describe('account endpoints', () => {
  it('places a market order and reports it in fills, positions and balances', async () => {
    const placed = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: {
        product_symbol: 'BTCUSD',
        size: 10,
        side: 'buy',
        order_type: 'market_order',
        client_order_id: 'm-1',
      },
    });
    expect(placed.status).toBe(200);
    expect(placed.json.result).toMatchObject({
      size: 10,
      unfilled_size: 0,
      state: 'closed',
      side: 'buy',
      order_type: 'market_order',
      client_order_id: 'm-1',
      product_id: 27,
      product_symbol: 'BTCUSD',
      average_fill_price: '60000',
      paid_commission: '0.3',
    });
    expect(placed.json.result.created_at).toMatch(/^\d{16}$/);

    const byCid = await deltaFetch(sim.restUrl, 'GET', '/v2/orders/client_order_id/m-1', { creds });
    expect(byCid.json.result.id).toBe(placed.json.result.id);
    const byId = await deltaFetch(sim.restUrl, 'GET', `/v2/orders/${placed.json.result.id}`, { creds });
    expect(byId.json.result.client_order_id).toBe('m-1');
    const missing = await deltaFetch(sim.restUrl, 'GET', '/v2/orders/client_order_id/never', { creds });
    expect(missing.status).toBe(404);

    const fills = await deltaFetch(sim.restUrl, 'GET', '/v2/fills?product_ids=27', { creds });
    expect(fills.json.result[0]).toMatchObject({
      order_id: String(placed.json.result.id),
      size: 10,
      side: 'buy',
      price: '60000',
      role: 'taker',
      commission: '0.3',
      fill_type: 'normal',
      product_symbol: 'BTCUSD',
    });

    const position = await deltaFetch(sim.restUrl, 'GET', '/v2/positions?product_id=27', { creds });
    expect(position.json.result).toMatchObject({ size: 10, entry_price: '60000' });
    const margined = await deltaFetch(sim.restUrl, 'GET', '/v2/positions/margined', { creds });
    expect(margined.json.result).toHaveLength(1);
    expect(margined.json.result[0]).toMatchObject({ product_symbol: 'BTCUSD', size: 10, margin: '60' });

    const balances = await deltaFetch(sim.restUrl, 'GET', '/v2/wallet/balances', { creds });
    expect(balances.json.result[0]).toMatchObject({
      asset_symbol: 'USD',
      asset_id: 14,
      balance: '9999.7',
      position_margin: '60',
      available_balance: '9939.7',
    });

    const closed = await deltaFetch(sim.restUrl, 'POST', '/v2/positions/close_all', { creds, body: {} });
    expect(closed.status).toBe(200);
    expect(sim.control.positions(userId)[0]?.size).toBe(0);
  });

  it('reads and sets leverage per product', async () => {
    const before = await deltaFetch(sim.restUrl, 'GET', '/v2/products/27/orders/leverage', { creds });
    expect(before.json.result).toMatchObject({ leverage: '10', product_id: 27 });
    const set = await deltaFetch(sim.restUrl, 'POST', '/v2/products/27/orders/leverage', {
      creds,
      body: { leverage: '20' },
    });
    expect(set.json.result.leverage).toBe('20');
    const tooHigh = await deltaFetch(sim.restUrl, 'POST', '/v2/products/27/orders/leverage', {
      creds,
      body: { leverage: 500 },
    });
    expect(tooHigh.status).toBe(400);
  });

  it('validates order bodies with bad_schema', async () => {
    const long = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: {
        product_id: 27,
        size: 1,
        side: 'buy',
        order_type: 'market_order',
        client_order_id: 'x'.repeat(33),
      },
    });
    expect(long.status).toBe(400);
    expect(long.json.error.code).toBe('bad_schema');
    const both = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: { product_id: 27, product_symbol: 'BTCUSD', size: 1, side: 'buy', order_type: 'market_order' },
    });
    expect(both.json.error.code).toBe('bad_schema');
    const fractional = await deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
      creds,
      body: { product_id: 27, size: 1.5, side: 'buy', order_type: 'market_order' },
    });
    expect(fractional.json.error.code).toBe('bad_schema');
  });
});

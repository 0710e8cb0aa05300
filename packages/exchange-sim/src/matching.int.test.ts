import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';

let sim: Simulator;
let creds: Creds;
let userId: number;

const place = (body: Record<string, unknown>) =>
  deltaFetch(sim.restUrl, 'POST', '/v2/orders', { creds, body });

beforeAll(async () => {
  sim = await startSimulator({ seed: 7 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.control.reset();
  const account = sim.control.createAccount({ balances: { USD: '10000' } });
  creds = account;
  userId = account.userId;
});

describe('market orders', () => {
  it('fill at mark ± slippage rounded to the tick', async () => {
    sim.control.setMatching({ slippageBps: 10 });
    const buy = await place({ product_symbol: 'BTCUSD', size: 2, side: 'buy', order_type: 'market_order' });
    expect(buy.json.result.average_fill_price).toBe('60060');
    const sell = await place({ product_symbol: 'BTCUSD', size: 2, side: 'sell', order_type: 'market_order' });
    expect(sell.json.result.average_fill_price).toBe('59940');
  });

  it('realise PnL on reduction and track unrealised PnL from the mark', async () => {
    await place({ product_symbol: 'SOLUSD', size: 10, side: 'buy', order_type: 'market_order' });
    sim.control.setMarkPrice('SOLUSD', '160');
    expect(sim.control.positions(userId)[0]).toMatchObject({
      size: 10,
      entry_price: '150',
      unrealized_pnl: '100',
    });
    await place({ product_symbol: 'SOLUSD', size: 4, side: 'sell', order_type: 'market_order' });
    const pos = sim.control.positions(userId)[0];
    expect(pos).toMatchObject({ size: 6, entry_price: '150', realized_pnl: '40' });
    // 10000 − 0.75 (open commission) + 40 − 0.32 (close commission)
    expect(sim.control.balances(userId)[0]?.balance).toBe('10038.93');
  });

  it('refuses an order beyond the available margin like Delta', async () => {
    const r = await place({ product_symbol: 'BTCUSD', size: 2000, side: 'buy', order_type: 'market_order' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('insufficient_margin');
    expect(r.json.error.context.available_balance).toBe('10000');
    // 2000 × 0.001 × 60000 / 10 = 12000 margin + 60 commission
    expect(r.json.error.context.required_additional_balance).toBe('2060');
    expect(sim.control.orders(userId)).toHaveLength(0);
  });

  it('refuses growth past position_size_limit', async () => {
    sim.control.fund(userId, 'USD', '100000000');
    const r = await place({
      product_symbol: 'SOLUSD',
      size: 100_001,
      side: 'buy',
      order_type: 'market_order',
    });
    expect(r.json.error.code).toBe('risk_limits_breached');
  });
});

describe('limit orders', () => {
  it('rest, then fill as maker when the mark crosses', async () => {
    const r = await place({
      product_symbol: 'BTCUSD',
      size: 5,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '59000',
    });
    expect(r.json.result).toMatchObject({ state: 'open', unfilled_size: 5, limit_price: '59000' });
    const open = await deltaFetch(sim.restUrl, 'GET', '/v2/orders?product_ids=27&states=open', { creds });
    expect(open.json.result.map((o: { id: number }) => o.id)).toEqual([r.json.result.id]);
    const wallet = sim.control.balances(userId)[0];
    expect(wallet?.order_margin).toBe('29.5');

    sim.control.setMarkPrice('BTCUSD', '59500');
    expect(sim.control.fills(userId)).toHaveLength(0);
    sim.control.setMarkPrice('BTCUSD', '58990');
    const fills = sim.control.fills(userId);
    expect(fills).toHaveLength(1);
    expect(fills[0]).toMatchObject({ price: '59000', role: 'maker', size: 5, commission: '0.059' });
    const order = await deltaFetch(sim.restUrl, 'GET', `/v2/orders/${r.json.result.id}`, { creds });
    expect(order.json.result).toMatchObject({
      state: 'closed',
      unfilled_size: 0,
      average_fill_price: '59000',
    });
    const history = await deltaFetch(sim.restUrl, 'GET', '/v2/orders/history', { creds });
    expect(history.json.result[0].id).toBe(r.json.result.id);
  });

  it('fills in chunks when partial fills are configured', async () => {
    sim.control.setMatching({ limitFillChunk: 2 });
    const r = await place({
      product_symbol: 'ETHUSD',
      size: 5,
      side: 'sell',
      order_type: 'limit_order',
      limit_price: '3100',
    });
    sim.control.setMarkPrice('ETHUSD', '3100');
    sim.control.setMarkPrice('ETHUSD', '3105');
    let order = sim.control.orders(userId).find((o) => o.id === r.json.result.id);
    expect(order).toMatchObject({ state: 'open', unfilled_size: 1 });
    sim.control.setMarkPrice('ETHUSD', '3101');
    order = sim.control.orders(userId).find((o) => o.id === r.json.result.id);
    expect(order).toMatchObject({ state: 'closed', unfilled_size: 0 });
    expect(sim.control.fills(userId).map((f) => f.size)).toEqual([2, 2, 1]);
    expect(sim.control.positions(userId)[0]?.size).toBe(-5);
  });

  it('fill at once as taker when they cross on arrival', async () => {
    const r = await place({
      product_symbol: 'BTCUSD',
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '61000',
    });
    expect(r.json.result).toMatchObject({ state: 'closed', average_fill_price: '60000' });
    expect(sim.control.fills(userId)[0]?.role).toBe('taker');
  });

  it('refuse post_only that would cross and IOC that would rest', async () => {
    const po = await place({
      product_symbol: 'BTCUSD',
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '60500',
      post_only: true,
    });
    expect(po.json.error.code).toBe('immediate_execution_post_only');
    const ioc = await place({
      product_symbol: 'BTCUSD',
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '59000',
      time_in_force: 'ioc',
    });
    expect(ioc.json.error.code).toBe('order_size_exceed_available');
    const rest = await place({
      product_symbol: 'BTCUSD',
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '59000',
      post_only: 'true',
    });
    expect(rest.json.result.state).toBe('open');
  });

  it('edit, cancel by id and by client id, cancel all', async () => {
    const a = await place({
      product_id: 27,
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '50000',
      client_order_id: 'a',
    });
    const edited = await deltaFetch(sim.restUrl, 'PUT', '/v2/orders', {
      creds,
      body: { id: a.json.result.id, product_id: 27, size: 3, limit_price: '50500' },
    });
    expect(edited.json.result).toMatchObject({ size: 3, unfilled_size: 3, limit_price: '50500' });
    const dup = await place({
      product_id: 27,
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '50000',
      client_order_id: 'a',
    });
    expect(dup.json.error.code).toBe('duplicate_client_order_id');
    const cancelled = await deltaFetch(sim.restUrl, 'DELETE', '/v2/orders', {
      creds,
      body: { client_order_id: 'a', product_id: 27 },
    });
    expect(cancelled.json.result).toMatchObject({
      state: 'cancelled',
      cancellation_reason: 'cancelled_by_user',
    });
    const again = await deltaFetch(sim.restUrl, 'DELETE', '/v2/orders', {
      creds,
      body: { id: a.json.result.id, product_id: 27 },
    });
    expect(again.status).toBe(404);
    expect(again.json.error.code).toBe('open_order_not_found');
    const reused = await place({
      product_id: 27,
      size: 1,
      side: 'buy',
      order_type: 'limit_order',
      limit_price: '50000',
      client_order_id: 'a',
    });
    expect(reused.status).toBe(200);
    await place({ product_id: 3136, size: 1, side: 'buy', order_type: 'limit_order', limit_price: '2000' });
    await deltaFetch(sim.restUrl, 'DELETE', '/v2/orders/all', { creds, body: { product_id: 27 } });
    expect(
      sim.control
        .orders(userId)
        .filter((o) => o.state === 'open')
        .map((o) => o.product_id),
    ).toEqual([3136]);
    const all = await deltaFetch(sim.restUrl, 'DELETE', '/v2/orders/all', { creds, body: {} });
    expect(all.json).toEqual({ success: true, result: {} });
    expect(sim.control.orders(userId).filter((o) => o.state === 'open')).toHaveLength(0);
  });

  it('batch places, edits and cancels on one product', async () => {
    const created = await deltaFetch(sim.restUrl, 'POST', '/v2/orders/batch', {
      creds,
      body: {
        product_id: 27,
        orders: [
          { size: 1, side: 'buy', order_type: 'limit_order', limit_price: '50000' },
          { size: 2, side: 'sell', order_type: 'limit_order', limit_price: '70000' },
        ],
      },
    });
    expect(created.json.result).toHaveLength(2);
    const ids = created.json.result.map((o: { id: number }) => o.id);
    const edited = await deltaFetch(sim.restUrl, 'PUT', '/v2/orders/batch', {
      creds,
      body: { product_id: 27, orders: [{ id: ids[0], limit_price: '51000' }] },
    });
    expect(edited.json.result[0].limit_price).toBe('51000');
    const cancelled = await deltaFetch(sim.restUrl, 'DELETE', '/v2/orders/batch', {
      creds,
      body: { product_id: 27, orders: ids.map((id: number) => ({ id })) },
    });
    expect(cancelled.json.result.map((o: { state: string }) => o.state)).toEqual(['cancelled', 'cancelled']);
  });
});

describe('reduce-only', () => {
  it('clips to the opposite position and refuses when there is none', async () => {
    const none = await place({
      product_symbol: 'SOLUSD',
      size: 1,
      side: 'sell',
      order_type: 'market_order',
      reduce_only: true,
    });
    expect(none.status).toBe(400);
    expect(none.json.error.code).toBe('reduce_only_order_would_increase_position');
    await place({ product_symbol: 'SOLUSD', size: 3, side: 'buy', order_type: 'market_order' });
    const same = await place({
      product_symbol: 'SOLUSD',
      size: 1,
      side: 'buy',
      order_type: 'market_order',
      reduce_only: true,
    });
    expect(same.status).toBe(400);
    const clipped = await place({
      product_symbol: 'SOLUSD',
      size: 10,
      side: 'sell',
      order_type: 'market_order',
      reduce_only: true,
    });
    expect(clipped.json.result).toMatchObject({ size: 3, state: 'closed', reduce_only: true });
    expect(sim.control.positions(userId)[0]?.size).toBe(0);
  });
});

describe('fills pagination', () => {
  it('pages newest first with after cursors and filters by time', async () => {
    for (let i = 0; i < 5; i++) {
      await place({
        product_symbol: 'SOLUSD',
        size: 1,
        side: i % 2 ? 'sell' : 'buy',
        order_type: 'market_order',
      });
    }
    const first = await deltaFetch(sim.restUrl, 'GET', '/v2/fills?page_size=2', { creds });
    expect(first.json.result).toHaveLength(2);
    expect(first.json.meta.after).toEqual(expect.any(String));
    const second = await deltaFetch(
      sim.restUrl,
      'GET',
      `/v2/fills?page_size=2&after=${first.json.meta.after}`,
      { creds },
    );
    const third = await deltaFetch(
      sim.restUrl,
      'GET',
      `/v2/fills?page_size=2&after=${second.json.meta.after}`,
      { creds },
    );
    expect(third.json.meta.after).toBeNull();
    const ids = [...first.json.result, ...second.json.result, ...third.json.result].map(
      (f: { id: number }) => f.id,
    );
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(5);
    const newest = Number(first.json.result[0].created_at);
    const since = await deltaFetch(sim.restUrl, 'GET', `/v2/fills?start_time=${newest}`, { creds });
    expect(since.json.result).toHaveLength(1);
    const before = await deltaFetch(sim.restUrl, 'GET', `/v2/fills?end_time=${newest - 1}`, { creds });
    expect(before.json.result).toHaveLength(4);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SimHarness, startHarness } from '../testing/sim-harness.ts';
import { DeltaRestClient } from './delta-rest-client.ts';
import { acquirePool, poolRefs } from './pool-registry.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('DeltaRestClient against the simulator', () => {
  it('reads server time, products and tickers', async () => {
    const { client } = h.account();
    const micros = await client.getServerTime();
    expect(Math.abs(micros / 1000 - Date.now())).toBeLessThan(5000);
    const products = await client.getProducts();
    expect(products.map((p) => p.symbol)).toContain('BTCUSD');
    const btc = await client.getProduct('BTCUSD');
    expect(btc).toMatchObject({ id: 27, contractValue: '0.001', tickSize: '0.5', settlingAsset: 'USD' });
    h.sim.control.setMarkPrice('BTCUSD', '61000');
    const ticker = await client.getTicker('BTCUSD');
    expect(ticker).toMatchObject({ symbol: 'BTCUSD', productId: 27, markPrice: '61000' });
  });

  it('places, reads, lists and cancels orders', async () => {
    const { client } = h.account();
    h.sim.control.setMarkPrice('ETHUSD', '3000');
    const placed = await client.placeOrder({
      productSymbol: 'ETHUSD',
      size: 2,
      side: 'buy',
      orderType: 'limit_order',
      limitPrice: '2500',
      clientOrderId: 'rest-limit-1',
    });
    expect(placed).toMatchObject({ size: 2, unfilledSize: 2, state: 'open', clientOrderId: 'rest-limit-1' });
    expect(await client.getOrder(placed.id)).toMatchObject({ id: placed.id, limitPrice: '2500' });
    expect(await client.getOrderByClientOrderId('rest-limit-1')).toMatchObject({ id: placed.id });
    expect(await client.getOrderByClientOrderId('never-sent')).toBeNull();
    const open = await client.getOpenOrders({ productIds: [3136] });
    expect(open.map((o) => o.id)).toEqual([placed.id]);
    const cancelled = await client.cancelOrder({ id: placed.id, productId: 3136 });
    expect(cancelled.state).toBe('cancelled');
    expect(await client.getOpenOrders()).toEqual([]);

    await client.placeOrder({
      productId: 3136,
      size: 1,
      side: 'buy',
      orderType: 'limit_order',
      limitPrice: '2400',
      clientOrderId: 'rest-limit-2',
    });
    const byCid = await client.cancelOrder({ clientOrderId: 'rest-limit-2', productId: 3136 });
    expect(byCid).toMatchObject({ state: 'cancelled', clientOrderId: 'rest-limit-2' });
  });

  it('fills a market order and reports fills, positions and balances', async () => {
    const { client } = h.account();
    h.sim.control.setMarkPrice('BTCUSD', '60000');
    const order = await client.placeOrder({
      productId: 27,
      size: 5,
      side: 'sell',
      orderType: 'market_order',
    });
    expect(order.state).toBe('closed');
    const page = await client.getFills({ productIds: [27] });
    expect(page.fills).toHaveLength(1);
    expect(page.fills[0]).toMatchObject({ orderId: order.id, size: 5, side: 'sell', productId: 27 });
    const position = await client.getPositions({ productId: 27 });
    expect(position).toMatchObject({ productId: 27, productSymbol: 'BTCUSD', size: -5 });
    expect((await client.getPositions({ productSymbol: 'BTCUSD' })).size).toBe(-5);
    const margined = await client.getMarginedPositions();
    expect(margined).toMatchObject([{ productId: 27, size: -5 }]);
    const balances = await client.getBalances();
    const usd = balances.find((b) => b.assetSymbol === 'USD');
    expect(usd).toBeDefined();
    expect(Number(usd?.availableBalance)).toBeLessThan(100000);
  });

  it('pages through every fill with fillsSince', async () => {
    const { client } = h.account();
    const startTime = (await client.getServerTime()) - 1;
    for (let i = 0; i < 5; i++) {
      await client.placeOrder({ productId: 27, size: 1, side: 'buy', orderType: 'market_order' });
    }
    const first = await client.getFills({ pageSize: 2 });
    expect(first.fills).toHaveLength(2);
    expect(first.after).toBeDefined();
    const pages = [];
    for await (const page of client.fillsSince({ startTime, pageSize: 2 })) pages.push(page);
    expect(pages.map((p) => p.fills.length)).toEqual([2, 2, 1]);
    expect(new Set(pages.flatMap((p) => p.fills.map((f) => f.id))).size).toBe(5);
  });

  it('keeps a rate-limit state and a synced clock', async () => {
    const { client } = h.account({ clockSyncIntervalMs: 0 });
    await client.getBalances();
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(1000);
    expect(client.rateLimit).toEqual({ remaining: undefined, resetAt: undefined });
  });

  it('syncs the clock once per exchange host, not once per key, through any client still open', async () => {
    const settingsReads = () => h.sim.control.requests()['GET /v2/settings'] ?? 0;
    const before = settingsReads();
    const clients = Array.from({ length: 20 }, () => h.account().client);
    await Promise.all(clients.map((c) => c.getBalances()));
    expect(settingsReads() - before).toBeLessThanOrEqual(1);
    await clients[0]!.close();
    await clients[1]!.syncClock();
    expect(settingsReads() - before).toBeLessThanOrEqual(2);
    expect(Math.abs(clients[1]!.clockOffsetMs)).toBeLessThan(1000);
  });

  it('shares one connection pool per base URL and closes it with the last client', async () => {
    const origin = new URL(h.sim.restUrl).origin;
    const before = poolRefs(origin);
    const a = new DeltaRestClient({ baseUrl: h.sim.restUrl });
    const b = new DeltaRestClient({ baseUrl: `${h.sim.restUrl}/` });
    expect(poolRefs(origin)).toBe(before + 2);
    await Promise.all([a.getServerTime(), b.getServerTime()]);
    await a.close();
    await a.close();
    expect(poolRefs(origin)).toBe(before + 1);
    await b.close();
    expect(poolRefs(origin)).toBe(before);
  });

  it('gives a client asking for another number of connections a pool of that size', async () => {
    const origin = new URL(h.sim.restUrl).origin;
    const [before, beforeWide] = [poolRefs(origin), poolRefs(origin, 256)];
    const wide = new DeltaRestClient({ baseUrl: h.sim.restUrl, connections: 256 });
    const usual = new DeltaRestClient({ baseUrl: h.sim.restUrl });
    expect([poolRefs(origin), poolRefs(origin, 256)]).toEqual([before + 1, beforeWide + 1]);
    // 300 requests at once: the wide pool opens more than the usual 64 sockets to the exchange.
    const lease = acquirePool(origin, 256);
    await Promise.all(Array.from({ length: 300 }, () => wide.getServerTime()));
    expect(lease.pool.stats.connected).toBeGreaterThan(64);
    expect(lease.pool.stats.connected).toBeLessThanOrEqual(256);
    await Promise.all([wide.close(), usual.close(), lease.release()]);
    expect([poolRefs(origin), poolRefs(origin, 256)]).toEqual([before, beforeWide]);
  });
});

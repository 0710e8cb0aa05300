import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';

// A public Delta client nobody here wrote (ccxt's `delta` class) pointed at the simulator.
let sim: Simulator;
let exchange: InstanceType<typeof ccxt.delta>;
const BTC = 'BTC/USD:USD';

beforeAll(async () => {
  sim = await startSimulator();
  const account = sim.control.createAccount({ balances: { USD: '10000' } });
  exchange = new ccxt.delta({ apiKey: account.apiKey, secret: account.apiSecret });
  exchange.urls.api = { public: sim.restUrl, private: sim.restUrl };
});
afterAll(() => sim.stop());

describe('ccxt delta against the simulator', () => {
  it('loads markets, time, ticker and balance', async () => {
    const markets = await exchange.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USD:USD', 'ETH/USD:USD', 'SOL/USD:USD']);
    expect(markets[BTC]).toMatchObject({
      id: 'BTCUSD',
      swap: true,
      linear: true,
      contractSize: 0.001,
      settle: 'USD',
    });
    expect(Math.abs(((await exchange.fetchTime()) ?? 0) - Date.now())).toBeLessThan(2000);
    const ticker = await exchange.fetchTicker(BTC);
    expect(ticker).toMatchObject({ symbol: BTC, last: 60000, markPrice: 60000 });
    const balance = await exchange.fetchBalance();
    expect(balance.USD).toMatchObject({ free: 10000, total: 10000 });
  });

  it('trades: market and limit orders, lookups, cancel, positions and fills', async () => {
    const market = await exchange.createOrder(BTC, 'market', 'buy', 5, undefined, {
      clientOrderId: 'ccxt-1',
    });
    expect(market).toMatchObject({
      status: 'closed',
      filled: 5,
      remaining: 0,
      average: 60000,
      clientOrderId: 'ccxt-1',
    });
    const limit = await exchange.createOrder(BTC, 'limit', 'buy', 2, 55000);
    const limitId = String(limit.id);
    expect(limit).toMatchObject({ status: 'open', price: 55000, amount: 2 });
    expect((await exchange.fetchOrder(limitId, BTC)).status).toBe('open');
    expect((await exchange.fetchOrder('', BTC, { clientOrderId: 'ccxt-1' })).id).toBe(market.id);
    expect((await exchange.fetchOpenOrders(BTC)).map((o) => o.id)).toEqual([limit.id]);
    expect((await exchange.cancelOrder(limitId, BTC)).status).toBe('canceled');
    const positions = await exchange.fetchPositions();
    expect(positions.map((p) => [p.symbol, p.contracts, p.side, p.entryPrice])).toEqual([
      [BTC, 5, 'buy', 60000],
    ]);
    const trades = await exchange.fetchMyTrades(BTC);
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({
      order: market.id,
      side: 'buy',
      amount: 5,
      price: 60000,
      takerOrMaker: 'taker',
    });
    expect(trades[0]?.fee?.cost).toBe(0.15);
    const closed = await exchange.fetchClosedOrders(BTC);
    expect(closed.map((o) => o.status).sort()).toEqual(['canceled', 'closed']);
  });

  it('maps Delta error codes to ccxt error classes', async () => {
    await expect(exchange.createOrder(BTC, 'market', 'buy', 90_000)).rejects.toBeInstanceOf(
      ccxt.InsufficientFunds,
    );
    await expect(exchange.cancelOrder('999999', BTC)).rejects.toBeInstanceOf(ccxt.OrderNotFound);
  });
});

import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaRestClient } from '../rest/delta-rest-client.ts';
import type { DeltaSocketEvents, DeltaSocketOptions } from './socket-types.ts';
import { DeltaSocket } from './delta-socket.ts';

let sim: Simulator;
const sockets: DeltaSocket[] = [];
const clients: DeltaRestClient[] = [];

beforeAll(async () => {
  sim = await startSimulator({});
});
afterAll(async () => {
  await Promise.all([...sockets.map((s) => s.close()), ...clients.map((c) => c.close())]);
  await sim.stop();
});

function account() {
  const creds = sim.control.createAccount({ balances: { USD: '100000' } });
  const rest = new DeltaRestClient({
    baseUrl: sim.restUrl,
    apiKey: creds.apiKey,
    apiSecret: creds.apiSecret,
  });
  clients.push(rest);
  return { ...creds, rest };
}

function socket(options: Partial<DeltaSocketOptions> & { apiKey?: string; apiSecret?: string }) {
  const s = new DeltaSocket({
    wsUrl: sim.wsUrl,
    reconnectInitialDelayMs: 20,
    reconnectMaxDelayMs: 200,
    ...options,
  });
  sockets.push(s);
  return s;
}

/** Resolves with the next `event` whose payload passes `match`, or fails after `timeoutMs`. */
function next<K extends keyof DeltaSocketEvents>(
  s: DeltaSocket,
  event: K,
  match: (...args: DeltaSocketEvents[K]) => boolean = () => true,
  timeoutMs = 3000,
): Promise<DeltaSocketEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      s.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: DeltaSocketEvents[K]) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      s.off(event, listener as never);
      resolve(args);
    };
    s.on(event, listener as never);
  });
}

describe('DeltaSocket against the simulator', () => {
  it('authenticates, subscribes and emits typed private and public events', async () => {
    const { apiKey, apiSecret, rest, userId } = account();
    const s = socket({ apiKey, apiSecret, markPriceSymbols: ['BTCUSD'], tickerSymbols: ['BTCUSD'] });
    const invalid: unknown[] = [];
    s.on('invalidMessage', (m) => invalid.push(m));
    await s.connect();
    expect(s.phase).toBe('ready');

    const trade = next(s, 'userTrade');
    const order = next(s, 'order', (o) => o.clientOrderId === 'ws-1');
    const position = next(s, 'position', (p) => p.action !== 'snapshot');
    await rest.placeOrder({
      productId: 27,
      size: 3,
      side: 'buy',
      orderType: 'market_order',
      clientOrderId: 'ws-1',
    });
    const [t] = await trade;
    expect(t).toMatchObject({
      symbol: 'BTCUSD',
      size: 3,
      side: 'buy',
      positionAfter: 3,
      clientOrderId: 'ws-1',
      userId: String(userId),
    });
    expect(t.sequence).toBeGreaterThan(0);
    expect((await order)[0]).toMatchObject({ productId: 27, size: 3 });
    expect((await position)[0]).toMatchObject({ productSymbol: 'BTCUSD', size: 3 });

    const mark = next(s, 'markPrice', (m) => m.price === '61234');
    const ticker = next(s, 'ticker', (m) => m.markPrice === '61234');
    sim.control.setMarkPrice('BTCUSD', '61234');
    expect((await mark)[0]).toMatchObject({ symbol: 'BTCUSD', price: '61234' });
    expect((await ticker)[0]).toMatchObject({ symbol: 'BTCUSD', productId: 27 });
    expect(invalid).toEqual([]);
  });

  it('sends the position snapshot on subscribe', async () => {
    const { apiKey, apiSecret, rest } = account();
    await rest.placeOrder({ productId: 3136, size: 2, side: 'sell', orderType: 'market_order' });
    const s = socket({ apiKey, apiSecret });
    const snapshot = next(s, 'position', (p) => p.action === 'snapshot');
    await s.connect();
    expect((await snapshot)[0]).toMatchObject({ productId: 3136, size: -2 });
  });

  it('reconnects after a forced disconnect, re-authenticates, re-subscribes and signals reconnected', async () => {
    const { apiKey, apiSecret, rest, userId } = account();
    const s = socket({ apiKey, apiSecret });
    await s.connect();
    const disconnected = next(s, 'disconnected');
    const reconnected = next(s, 'reconnected');
    sim.control.injectFault({ kind: 'ws_disconnect', scope: { userId } });
    await disconnected;
    await reconnected;
    expect(s.phase).toBe('ready');
    const trade = next(s, 'userTrade');
    await rest.placeOrder({ productId: 27, size: 1, side: 'sell', orderType: 'market_order' });
    expect((await trade)[0]).toMatchObject({ size: 1, side: 'sell' });
  });

  it('adds mark price symbols on an open connection and keeps them across a reconnection', async () => {
    const s = socket({});
    await s.connect();
    await s.watchMarkPrices(['ETHUSD']);
    const mark = next(s, 'markPrice', (m) => m.symbol === 'ETHUSD' && m.price === '3100');
    sim.control.setMarkPrice('ETHUSD', '3100');
    expect((await mark)[0]).toMatchObject({ symbol: 'ETHUSD', price: '3100' });
    // Already watched: nothing to send, nothing to wait for.
    await s.watchMarkPrices(['ETHUSD']);
    const reconnected = next(s, 'reconnected');
    sim.control.disconnectWebSockets();
    await reconnected;
    const again = next(s, 'markPrice', (m) => m.symbol === 'ETHUSD' && m.price === '3200');
    sim.control.setMarkPrice('ETHUSD', '3200');
    expect((await again)[0]).toMatchObject({ symbol: 'ETHUSD', price: '3200' });
  });

  it('treats a silent connection as dead', async () => {
    const s = socket({ markPriceSymbols: ['SOLUSD'], heartbeatTimeoutMs: 200 });
    await s.connect();
    const [info] = await next(s, 'disconnected');
    expect(info.code).toBe(1006);
    await next(s, 'reconnected');
  });

  it('stays connected while heartbeats arrive', async () => {
    const beating = await startSimulator({ heartbeatIntervalMs: 50 });
    const s = new DeltaSocket({
      wsUrl: beating.wsUrl,
      markPriceSymbols: ['SOLUSD'],
      heartbeatTimeoutMs: 200,
    });
    try {
      await s.connect();
      let drops = 0;
      s.on('disconnected', () => {
        drops += 1;
      });
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(drops).toBe(0);
      expect(s.phase).toBe('ready');
    } finally {
      await s.close();
      await beating.stop();
    }
  });

  it('reports a bad key and stops instead of retrying', async () => {
    const { apiKey } = account();
    const s = socket({ apiKey, apiSecret: 'wrong-secret' });
    const errors: Error[] = [];
    s.on('error', (e) => errors.push(e));
    await expect(s.connect()).rejects.toThrow(/closed before it connected/);
    expect(errors[0]).toMatchObject({ kind: 'auth', code: 'invalid_signature', status: 401 });
    expect(s.phase).toBe('closed');
  });

  it('close() stops reconnecting', async () => {
    const { apiKey, apiSecret, userId } = account();
    const s = socket({ apiKey, apiSecret });
    await s.connect();
    let connects = 0;
    s.on('connected', () => {
      connects += 1;
    });
    await s.close();
    sim.control.injectFault({ kind: 'ws_disconnect', scope: { userId } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(connects).toBe(0);
    expect(s.phase).toBe('closed');
  });
});

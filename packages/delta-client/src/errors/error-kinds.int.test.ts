import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DeltaRestClient } from '../rest/delta-rest-client.ts';
import { countRequests } from '../testing/count-requests.ts';
import { type SimHarness, startHarness } from '../testing/sim-harness.ts';
import { DeltaError } from './delta-error.ts';

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(() => h.sim.control.clearFaults());
afterAll(async () => {
  await h.close();
});

async function failure(promise: Promise<unknown>): Promise<DeltaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeltaError);
  return err as DeltaError;
}

const market = (clientOrderId: string) =>
  ({ productId: 27, size: 1, side: 'buy', orderType: 'market_order', clientOrderId }) as const;

describe('rejected', () => {
  it('insufficient margin, reduce-only violation and unknown product are permanent', async () => {
    const { client } = h.account({}, { USD: '1' });
    const margin = await failure(client.placeOrder(market('poor-1')));
    expect(margin).toMatchObject({
      kind: 'rejected',
      code: 'insufficient_margin',
      status: 400,
      method: 'POST',
      path: '/v2/orders',
    });
    expect(margin.context).toBeDefined();
    const reduce = await failure(client.placeOrder({ ...market('reduce-1'), reduceOnly: true }));
    expect(reduce).toMatchObject({ kind: 'rejected', status: 400 });
    const unknown = await failure(client.getProduct('NOPEUSD'));
    expect(unknown).toMatchObject({ kind: 'rejected', status: 404 });
    const badSize = await failure(client.placeOrder({ ...market('huge-1'), size: 10_000_000 }));
    expect(badSize.kind).toBe('rejected');
  });
});

describe('auth', () => {
  it('bad secret, missing permission and IP whitelist are auth errors', async () => {
    const { apiKey, userId } = h.account();
    const wrong = new DeltaRestClient({ baseUrl: h.sim.restUrl, apiKey, apiSecret: 'not-the-secret' });
    expect(await failure(wrong.getBalances())).toMatchObject({
      kind: 'auth',
      code: 'invalid_signature',
      status: 401,
    });
    await wrong.close();

    const readOnly = h.sim.control.createApiKey(userId, { permissions: ['read'] });
    const reader = new DeltaRestClient({ baseUrl: h.sim.restUrl, ...readOnly });
    await reader.getBalances();
    expect(await failure(reader.placeOrder(market('ro-1')))).toMatchObject({ kind: 'auth', status: 401 });
    await reader.close();

    const fenced = h.sim.control.createApiKey(userId, { ipWhitelist: ['10.9.9.9'] });
    const outsider = new DeltaRestClient({ baseUrl: h.sim.restUrl, ...fenced });
    expect(await failure(outsider.getBalances())).toMatchObject({
      kind: 'auth',
      code: 'ip_not_whitelisted_for_api_key',
    });
    await outsider.close();
  });
});

describe('unknown_outcome', () => {
  it('execute-then-drop is unknown, and the order is then found by client order id', async () => {
    const { client, userId } = h.account();
    h.sim.control.injectFault({
      kind: 'drop_response',
      scope: { userId, route: 'POST /v2/orders', count: 1 },
    });
    const err = await failure(client.placeOrder(market('dropped-1')));
    expect(err).toMatchObject({ kind: 'unknown_outcome', method: 'POST', path: '/v2/orders' });
    const found = await client.getOrderByClientOrderId('dropped-1');
    expect(found).toMatchObject({ clientOrderId: 'dropped-1', size: 1, state: 'closed' });
  });

  it('a 500 after processing a write is unknown; the same on a read is transient', async () => {
    const { client, userId } = h.account();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 500,
      scope: { userId, route: 'POST /v2/orders', count: 1 },
    });
    expect(await failure(client.placeOrder(market('five-1')))).toMatchObject({
      kind: 'unknown_outcome',
      status: 500,
    });
    expect(await client.getOrderByClientOrderId('five-1')).not.toBeNull();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 502,
      scope: { userId, route: 'GET /v2/wallet/balances', count: 1 },
    });
    expect(await failure(client.getBalances())).toMatchObject({ kind: 'transient', status: 502 });
  });

  it('a timeout on a write is unknown; on a read it is transient', async () => {
    const { client, userId } = h.account({ timeoutMs: 300 });
    await client.getBalances();
    h.sim.control.injectFault({ kind: 'hang', scope: { userId, count: 2 } });
    expect(await failure(client.placeOrder(market('hung-1')))).toMatchObject({
      kind: 'unknown_outcome',
      code: 'timeout',
    });
    expect(await failure(client.getBalances())).toMatchObject({ kind: 'transient', code: 'timeout' });
  });
});

describe('transient', () => {
  it('a 503 is refused before processing: transient, and the order does not exist', async () => {
    const { client, userId } = h.account();
    h.sim.control.injectFault({
      kind: 'http_error',
      status: 503,
      scope: { userId, route: 'POST /v2/orders', count: 1 },
    });
    expect(await failure(client.placeOrder(market('maint-1')))).toMatchObject({
      kind: 'transient',
      status: 503,
    });
    expect(await client.getOrderByClientOrderId('maint-1')).toBeNull();
  });

  it('connection refused is transient even for order placement', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const client = new DeltaRestClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'k',
      apiSecret: 's',
      clockSyncIntervalMs: 0,
    });
    expect(await failure(client.placeOrder(market('refused-1')))).toMatchObject({
      kind: 'transient',
      code: 'ECONNREFUSED',
    });
    await client.close();
  });
});

describe('rate_limited', () => {
  it('a 429 opens a window in which nothing is sent', async () => {
    const { client, userId } = h.account();
    await client.getBalances();
    h.sim.control.injectFault({ kind: 'rate_limit_storm', durationMs: 400, scope: { userId } });
    const counter = countRequests(new URL(h.sim.restUrl).origin);
    try {
      const first = await failure(client.getBalances());
      expect(first).toMatchObject({ kind: 'rate_limited', status: 429 });
      expect(first.retryAfterMs).toBeGreaterThan(0);
      expect(first.retryAfterMs).toBeLessThanOrEqual(400);
      expect(counter.count).toBe(1);
      const blocked = await failure(client.placeOrder(market('blocked-1')));
      expect(blocked).toMatchObject({ kind: 'rate_limited', code: 'rate_limit_window' });
      expect(blocked.status).toBeUndefined();
      expect(counter.count).toBe(1);
      expect(client.rateLimit.remaining).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, (first.resetAt ?? 0) - Date.now() + 20));
      await client.getBalances();
      expect(counter.count).toBe(2);
    } finally {
      counter.stop();
    }
    expect(await client.getOrderByClientOrderId('blocked-1')).toBeNull();
  });
});

describe('clock offset recovery', () => {
  it('an expired signature resyncs the clock and the request succeeds on the retry', async () => {
    const { client, userId } = h.account({ clockSyncIntervalMs: 0 });
    await client.getBalances();
    expect(Math.abs(client.clockOffsetMs)).toBeLessThan(1000);
    h.sim.control.injectFault({ kind: 'clock_offset', offsetMs: 30_000 });
    const counter = countRequests(new URL(h.sim.restUrl).origin);
    try {
      const order = await client.placeOrder(market('clock-1'));
      expect(order.clientOrderId).toBe('clock-1');
      // expired attempt, settings resync, retried attempt
      expect(counter.count).toBe(3);
    } finally {
      counter.stop();
    }
    expect(client.clockOffsetMs).toBeGreaterThan(29_000);
    expect(h.sim.control.orders(userId)).toHaveLength(1);
  });
});

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Simulator, startSimulator } from './index.ts';
import { type Creds, deltaFetch } from './test-support/delta-fetch.ts';

let sim: Simulator;
let creds: Creds & { userId: number };
const market = (cid: string) => ({
  product_symbol: 'SOLUSD',
  size: 1,
  side: 'buy',
  order_type: 'market_order',
  client_order_id: cid,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Places an order the client gives up on after `timeoutMs`, as a client timeout would. */
const placeAbandoned = (cid: string, timeoutMs: number) =>
  deltaFetch(sim.restUrl, 'POST', '/v2/orders', {
    creds,
    body: market(cid),
    signal: AbortSignal.timeout(timeoutMs),
  }).then(
    () => 'answered',
    (err: Error) => err.name,
  );

beforeAll(async () => {
  sim = await startSimulator({ seed: 5 });
});
afterAll(() => sim.stop());
beforeEach(() => {
  sim.control.reset();
  creds = sim.control.createAccount({ balances: { USD: '10000' } });
});

describe('a request whose client has hung up', () => {
  it('is still applied after a latency longer than the client waited', async () => {
    sim.control.injectFault({ kind: 'latency', ms: 1500, scope: { route: 'POST /v2/orders' } });
    expect(await placeAbandoned('late-1', 300)).toBe('TimeoutError');
    expect(sim.control.orders(creds.userId)).toHaveLength(0);
    await sleep(1700);
    expect(sim.control.orders(creds.userId)).toMatchObject([{ client_order_id: 'late-1', state: 'closed' }]);
    expect(sim.control.positions(creds.userId)).toMatchObject([{ size: 1 }]);
  });

  it('held by a hang is applied exactly once when the fault is cleared', async () => {
    const id = sim.control.injectFault({ kind: 'hang', scope: { route: 'POST /v2/orders' } });
    expect(await placeAbandoned('held-1', 200)).toBe('TimeoutError');
    await sleep(800);
    expect(sim.control.orders(creds.userId)).toHaveLength(0);
    expect(sim.control.clearFault(id)).toBe(true);
    expect(sim.control.orders(creds.userId)).toMatchObject([{ client_order_id: 'held-1', state: 'closed' }]);
    expect(sim.control.fills(creds.userId)).toHaveLength(1);
    expect(sim.control.positions(creds.userId)).toMatchObject([{ size: 1 }]);
  });
});

describe('a request held by a hang', () => {
  it('is processed and answered on clear when its client still waits, even after the count ran out', async () => {
    const id = sim.control.injectFault({ kind: 'hang', scope: { userId: creds.userId, count: 1 } });
    const pending = deltaFetch(sim.restUrl, 'POST', '/v2/orders', { creds, body: market('waits-1') });
    await sleep(200);
    expect(sim.control.listFaults()).toHaveLength(0); // its one use is spent; the request is still held
    expect(sim.control.orders(creds.userId)).toHaveLength(0);
    expect(sim.control.clearFault(id)).toBe(true);
    const answer = await pending;
    expect(answer.status).toBe(200);
    expect(answer.json.result).toMatchObject({ client_order_id: 'waits-1', state: 'closed' });
    expect(sim.control.orders(creds.userId)).toHaveLength(1);
  });

  it('is refused as expired_signature when released more than 5 s after it was signed', async () => {
    const id = sim.control.injectFault({ kind: 'hang', scope: { route: 'POST /v2/orders' } });
    const pending = deltaFetch(sim.restUrl, 'POST', '/v2/orders', { creds, body: market('stale-1') });
    await sleep(200);
    // Six seconds pass on the exchange's clock while the request is held.
    sim.control.injectFault({ kind: 'clock_offset', offsetMs: 6000 });
    sim.control.clearFault(id);
    const answer = await pending;
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('expired_signature');
    expect(sim.control.orders(creds.userId)).toHaveLength(0);
    expect(sim.control.positions(creds.userId)).toHaveLength(0);
  });

  it('is dropped unprocessed when the simulator stops', async () => {
    const own = await startSimulator();
    const account = own.control.createAccount({ balances: { USD: '10000' } });
    own.control.injectFault({ kind: 'hang' });
    const pending = deltaFetch(own.restUrl, 'POST', '/v2/orders', { creds: account, body: market('stop-1') });
    const outcome = pending.then(
      () => 'answered',
      () => 'socket closed',
    );
    await sleep(200);
    await own.stop();
    expect(await outcome).toBe('socket closed');
    expect(own.control.orders(account.userId)).toHaveLength(0);
  });
});

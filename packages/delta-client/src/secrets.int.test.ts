import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeltaError } from './errors/delta-error.ts';
import { DeltaRestClient } from './rest/delta-rest-client.ts';
import { captureLogger, type SimHarness, startHarness } from './testing/sim-harness.ts';
import { DeltaSocket } from './ws/delta-socket.ts';

const canarySecret = 'CANARY-SECRET-9f1c2e7d4b6a8350';
const hex64 = /[0-9a-f]{64}/i;

let h: SimHarness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function caught(promise: Promise<unknown>): Promise<DeltaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeltaError);
  return err as DeltaError;
}

/** Every way an error gets written down: JSON, inspect, and each link of the cause chain. */
function renderings(err: unknown): string[] {
  const out = [JSON.stringify(err), inspect(err, { depth: 10, showHidden: true }), String(err)];
  let cause = (err as { cause?: unknown }).cause;
  while (cause !== undefined) {
    out.push(inspect(cause, { depth: 10, showHidden: true }), JSON.stringify(cause) ?? '');
    cause = (cause as { cause?: unknown }).cause;
  }
  return out;
}

describe('secrets never leak', () => {
  it('no secret, key or signature in any log line or serialised error', async () => {
    const logger = captureLogger();
    const { apiKey, apiSecret, userId, client } = h.account({
      logger,
      timeoutMs: 300,
      clockSyncIntervalMs: 0,
    });
    const secrets = [apiSecret, canarySecret];
    const errors: unknown[] = [];
    const market = (cid: string) =>
      ({ productId: 27, size: 1, side: 'buy', orderType: 'market_order', clientOrderId: cid }) as const;

    await client.placeOrder(market('ok-1'));
    errors.push(await caught(client.placeOrder({ ...market('margin-1'), size: 50_000 })));
    h.sim.control.injectFault({ kind: 'drop_response', scope: { userId, count: 1 } });
    errors.push(await caught(client.placeOrder(market('drop-1'))));
    h.sim.control.injectFault({ kind: 'hang', scope: { userId, count: 1 } });
    errors.push(await caught(client.placeOrder(market('hang-1'))));
    h.sim.control.injectFault({ kind: 'http_error', status: 500, scope: { userId, count: 1 } });
    errors.push(await caught(client.placeOrder(market('five-1'))));
    h.sim.control.injectFault({ kind: 'clock_offset', offsetMs: 20_000 });
    await client.getBalances();
    h.sim.control.clearFaults();
    await client.syncClock();
    h.sim.control.injectFault({ kind: 'rate_limit_storm', durationMs: 200, scope: { userId } });
    errors.push(await caught(client.getBalances()));
    errors.push(await caught(client.getBalances()));
    h.sim.control.clearFaults();

    const canary = new DeltaRestClient({ baseUrl: h.sim.restUrl, apiKey, apiSecret: canarySecret, logger });
    errors.push(await caught(canary.getBalances()));
    errors.push(await caught(canary.placeOrder(market('canary-1'))));
    await canary.close();

    const socket = new DeltaSocket({ wsUrl: h.sim.wsUrl, apiKey, apiSecret: canarySecret, logger });
    socket.on('error', (e) => errors.push(e));
    await socket.connect().catch((e: unknown) => errors.push(e));
    const good = new DeltaSocket({
      wsUrl: h.sim.wsUrl,
      apiKey,
      apiSecret,
      logger,
      reconnectInitialDelayMs: 10,
    });
    await good.connect();
    const back = new Promise((resolve) => good.once('reconnected', () => resolve(undefined)));
    h.sim.control.injectFault({ kind: 'ws_disconnect', scope: { userId } });
    await back;
    await good.close();

    expect(errors.length).toBeGreaterThanOrEqual(9);
    expect(logger.lines.length).toBeGreaterThan(10);
    const written = [
      ...logger.lines.map((l) => l.line),
      ...errors.flatMap(renderings),
      inspect(client, { depth: 10, showHidden: true }),
      JSON.stringify(client),
      inspect(good, { depth: 10, showHidden: true }),
    ];
    for (const text of written) {
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain(apiKey);
      expect(text).not.toMatch(hex64);
    }
  });
});

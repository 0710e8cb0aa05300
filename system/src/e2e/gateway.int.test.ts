import { randomBytes } from 'node:crypto';
import { ephemeralVault } from '@copytrade/accounts/testing';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { issueApiKey, provisionUser } from '@copytrade/gateway/provision';
import { createLogger, createRedis, defaultUrls, type Redis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { positionOf } from '../observe/follower-state.ts';
import { type System, startSystem } from '../start-system.ts';
import { deletePrefixKeys } from './support/redis-scan.ts';

// The platform driven the way its users drive it: accounts and follows created through the gateway's
// API, a live event stream per client, the kill switch and "monitor now" pulled over HTTP. Judged on
// the simulator's record.
const wait = { timeout: 15_000, interval: 50 };
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
let database: TestDatabase;
let sim: Simulator;
let system: System;
let redis: Redis;
let base: string;
const prefix = `e2e-gw-${randomBytes(4).toString('hex')}`;
const keys: Record<'alice' | 'bob' | 'ops', string> = { alice: '', bob: '', ops: '' };

async function call(who: keyof typeof keys, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${keys[who]}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Collects the SSE events a caller receives (`data:` lines as JSON) until closed. */
function listen(who: keyof typeof keys) {
  const controller = new AbortController();
  const events: { type: string; payload: Record<string, unknown> }[] = [];
  const done = (async () => {
    const res = await fetch(`${base}/v1/events`, {
      headers: { authorization: `Bearer ${keys[who]}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffer = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let cut = buffer.indexOf('\n\n');
      while (cut !== -1) {
        const data = buffer
          .slice(0, cut)
          .split('\n')
          .filter((l) => l.startsWith('data:'))
          .map((l) => l.slice(5).trim())
          .join('');
        if (data) events.push(JSON.parse(data));
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf('\n\n');
      }
    }
  })().catch(() => undefined);
  return { events, close: () => controller.abort(), done };
}

beforeAll(async () => {
  database = await createTestDatabase('e2e_gw');
  sim = await startSimulator({ port: 0 });
  redis = createRedis(redisUrl, 'worker');
  const { keysSpec, activeKeyId } = ephemeralVault();
  system = await startSystem({
    redisUrl,
    databaseUrl: database.url,
    prefix,
    vaultKeys: keysSpec,
    vaultActiveKeyId: activeKeyId,
    logger: createLogger({ service: 'e2e', level: 'silent' }),
    exitSync: false,
    gateway: true,
    env: {
      LEASE_TTL_MS: '1500',
      LEASE_RENEW_MS: '250',
      GAP_FILL_INTERVAL_MS: '1000',
      EXCHANGE_VENUES: `${sim.restUrl}|${sim.wsUrl}`,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      COOKIE_SECURE: 'false',
    },
  });
  base = `http://127.0.0.1:${system.gateway!.port}`;
  for (const [who, role] of [
    ['alice', 'client'],
    ['bob', 'client'],
    ['ops', 'operator'],
  ] as const) {
    const user = await provisionUser(database.db, { email: `${who}@example.test`, name: who, role });
    keys[who] = (await issueApiKey(database.db, user.id, `${who}-e2e`)).key;
  }
});

afterAll(async () => {
  await system?.stop();
  await sim?.stop();
  if (redis) {
    await deletePrefixKeys(redis, prefix);
    redis.disconnect();
  }
  await database?.drop();
});

describe('the platform through its gateway', () => {
  it('copies a master fill to accounts and follows made over the API, streams each client only its own, and stops at the kill switch', async () => {
    const exchange = (label: string) => sim.control.createAccount({ label, balances: { USD: '50000' } });
    const masterKeys = exchange('master');
    const aliceKeys = exchange('alice-follower');
    const bobKeys = exchange('bob-follower');
    const account = async (who: 'alice' | 'bob', label: string, role: string, k: typeof masterKeys) => {
      const res = await call(who, 'POST', '/v1/accounts', {
        label,
        role,
        baseUrl: sim.restUrl,
        apiKey: k.apiKey,
        apiSecret: k.apiSecret,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(JSON.stringify(res.body)).not.toContain(k.apiSecret);
      return res.body.id as string;
    };
    const master = await account('alice', 'alice master', 'master', masterKeys);
    const aliceFollower = await account('alice', 'alice follower', 'follower', aliceKeys);
    const bobFollower = await account('bob', 'bob follower', 'follower', bobKeys);
    for (const [who, follower, multiplier] of [
      ['alice', aliceFollower, '1'],
      ['bob', bobFollower, '2'],
    ] as const) {
      const res = await call(who, 'POST', '/v1/follows', {
        masterAccountId: master,
        followerAccountId: follower,
        mode: 'multiplier',
        multiplier,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    await vi.waitFor(
      () => expect(system.listeners.some((l) => l.supervisor.watched().includes(master))).toBe(true),
      wait,
    );

    // "Real-Time Monitor & Copy": the master's active followers.
    const monitor = await call('alice', 'POST', '/v1/triggers/monitor', { masterAccountId: master });
    expect(monitor.status, JSON.stringify(monitor.body)).toBe(200);
    expect(monitor.body.masters).toEqual([{ masterAccountId: master, newFills: 0, activeFollowers: 2 }]);

    const bobStream = listen('bob');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const trader = new DeltaRestClient({
      baseUrl: sim.restUrl,
      apiKey: masterKeys.apiKey,
      apiSecret: masterKeys.apiSecret,
    });
    await trader.placeOrder({ productSymbol: 'BTCUSD', side: 'buy', size: 3, orderType: 'market_order' });
    await vi.waitFor(() => {
      expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(3);
      expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(6);
    }, wait);
    await vi.waitFor(() => {
      const accepted = bobStream.events.filter((e) => e.type === 'order.accepted');
      expect(accepted.map((e) => e.payload.followerAccountId)).toEqual([bobFollower]);
    }, wait);
    // Bob sees nothing of Alice's follower.
    expect(JSON.stringify(bobStream.events)).not.toContain(aliceFollower);

    // The kill switch stops every new copy at once; release resumes.
    expect((await call('ops', 'POST', '/v1/kill-switch', { reason: 'drill' })).status).toBe(200);
    expect((await call('alice', 'POST', '/v1/kill-switch', { reason: 'not mine' })).status).toBe(403);
    await trader.placeOrder({ productSymbol: 'BTCUSD', side: 'buy', size: 1, orderType: 'market_order' });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(3);
    expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(6);
    expect((await call('ops', 'GET', '/v1/status')).body).toMatchObject({ killSwitch: { engaged: true } });
    expect((await call('ops', 'DELETE', '/v1/kill-switch', { reason: 'drill over' })).status).toBe(200);
    await vi.waitFor(() => {
      expect(positionOf(sim, aliceKeys.userId, 'BTCUSD')).toBe(4);
      expect(positionOf(sim, bobKeys.userId, 'BTCUSD')).toBe(8);
    }, wait);
    bobStream.close();
    await trader.close();
  });
});

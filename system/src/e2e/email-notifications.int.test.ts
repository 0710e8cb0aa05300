import { randomBytes } from 'node:crypto';
import { ephemeralVault } from '@copytrade/accounts/testing';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { DeltaRestClient } from '@copytrade/delta-client';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import { issueApiKey, provisionUser } from '@copytrade/gateway/provision';
import { type SmtpReceiver, startSmtpReceiver } from '@copytrade/notifier/testing';
import { createLogger, createRedis, defaultUrls, type Redis } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type System, startSystem } from '../start-system.ts';
import { deletePrefixKeys } from './support/redis-scan.ts';

// Email as users set it up: a subscription made through the gateway to the account's own address,
// a master trading on the simulator, emails arriving at a local SMTP server (smtp-server), read
// with mailparser. The throttle window is 0 so that each fill is its own email, and measured:
// master fill → email accepted by the SMTP server.
const wait = { timeout: 20_000, interval: 25 };
const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const prefix = `e2e-email-${randomBytes(4).toString('hex')}`;
let database: TestDatabase;
let sim: Simulator;
let system: System;
let redis: Redis;
let smtp: SmtpReceiver;
let base: string;
const keys: Record<'alice' | 'bob', string> = { alice: '', bob: '' };

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

beforeAll(async () => {
  database = await createTestDatabase('e2e_email');
  sim = await startSimulator({ port: 0 });
  redis = createRedis(redisUrl, 'worker');
  smtp = await startSmtpReceiver();
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
    notifier: true,
    env: {
      EXCHANGE_VENUES: `${sim.restUrl}|${sim.wsUrl}`,
      GATEWAY_PORT: '0',
      GATEWAY_HOST: '127.0.0.1',
      COOKIE_SECURE: 'false',
      EMAIL_SMTP_URL: smtp.url,
      EMAIL_DIGEST_WINDOW_MS: '0',
    },
  });
  base = `http://127.0.0.1:${system.gateway!.port}`;
  for (const who of ['alice', 'bob'] as const) {
    const user = await provisionUser(database.db, {
      email: `${who}-${prefix}@example.test`,
      name: who,
      role: 'client',
    });
    keys[who] = (await issueApiKey(database.db, user.id, `${who}-e2e`)).key;
  }
});

afterAll(async () => {
  await system?.stop();
  await sim?.stop();
  await smtp?.close();
  if (redis) {
    await deletePrefixKeys(redis, prefix);
    redis.disconnect();
  }
  await database?.drop();
});

describe('email notifications through the gateway', () => {
  it('emails each user the events of their own accounts only, and measures master fill → email', async () => {
    const exchange = (label: string) => sim.control.createAccount({ label, balances: { USD: '50000' } });
    const masterKeys = exchange('master');
    const account = async (who: 'alice' | 'bob', role: string, k: typeof masterKeys) => {
      const res = await call(who, 'POST', '/v1/accounts', {
        label: `${who} ${role}`,
        role,
        baseUrl: sim.restUrl,
        apiKey: k.apiKey,
        apiSecret: k.apiSecret,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const master = await account('alice', 'master', masterKeys);
    const bobFollower = await account('bob', 'follower', exchange('bob-follower'));
    const follow = await call('bob', 'POST', '/v1/follows', {
      masterAccountId: master,
      followerAccountId: bobFollower,
      mode: 'multiplier',
      multiplier: '1',
    });
    expect(follow.status, JSON.stringify(follow.body)).toBe(201);
    for (const [who, kinds] of [
      ['alice', ['master_fill']],
      ['bob', ['copy_placed']],
    ] as const) {
      const res = await call(who, 'POST', '/v1/notifications/subscriptions', { channel: 'email', kinds });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.endpointId).toBeNull();
    }
    const address = (who: 'alice' | 'bob') => `${who}-${prefix}@example.test`;

    await vi.waitFor(
      () =>
        expect(system.listeners.some((listener) => listener.supervisor.watched().includes(master))).toBe(
          true,
        ),
      wait,
    );
    const trader = new DeltaRestClient({
      baseUrl: sim.restUrl,
      apiKey: masterKeys.apiKey,
      apiSecret: masterKeys.apiSecret,
    });
    const latencies: number[] = [];
    const toAuditLog: number[] = [];
    const toDeliveryRow: number[] = [];
    const fills = 6;
    for (let i = 0; i < fills; i += 1) {
      const side = i % 2 === 0 ? 'buy' : 'sell';
      await trader.placeOrder({ productSymbol: 'BTCUSD', side, size: 1, orderType: 'market_order' });
      const fill = sim.control.fills(masterKeys.userId).at(-1)!;
      // The email that carried this fill's event (the notifier audits each email with its events).
      const recorded = await vi.waitFor(
        () =>
          database.db.auditLog.findFirstOrThrow({
            where: { type: 'master_fill.recorded', payload: { path: ['fillId'], equals: String(fill.id) } },
          }),
        wait,
      );
      const email = await vi.waitFor(async () => {
        const sent = (await database.db.auditLog.findMany({ where: { type: 'notification.email_sent' } }))
          .map((row) => row.payload as { batchId: string; notifiedEventIds: string[] })
          .find((payload) => payload.notifiedEventIds.includes(recorded.eventId));
        expect(sent).toBeDefined();
        const found = smtp.received.find(
          (mail) => mail.messageId === `<${sent!.batchId}@notifier.copytrade>`,
        );
        expect(found).toBeDefined();
        return found!;
      }, wait);
      expect(email.to).toBe(address('alice'));
      expect(email.text).toContain(`Master fill: ${side} ${fill.size} BTCUSD at `);
      const filledAt = Number(fill.created_at) / 1_000;
      latencies.push(email.at - filledAt);
      toAuditLog.push(recorded.createdAt.getTime() - filledAt);
      const delivery = await database.db.emailDelivery.findFirstOrThrow({
        where: { eventId: recorded.eventId },
      });
      toDeliveryRow.push(delivery.createdAt.getTime() - filledAt);
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `p50 ${sorted[Math.floor((sorted.length - 1) / 2)]!.toFixed(1)} ms, max ${sorted.at(-1)!.toFixed(1)} ms`;
    };
    console.log(
      `master fill (simulator) → email at the SMTP server: ${summary(latencies)} over ${fills} fills; of which fill → in the audit log: ${summary(toAuditLog)}, fill → email delivery recorded by the feed: ${summary(toDeliveryRow)}`,
    );

    // Bob: his own copies, never the master's fills (not his account); Alice: no copies of Bob's.
    await vi.waitFor(() => expect(smtp.to(address('bob')).length).toBeGreaterThanOrEqual(fills), wait);
    for (const email of smtp.to(address('bob'))) expect(email.subject).toMatch(/^Copytrade: Copy placed: /);
    expect(
      smtp
        .to(address('alice'))
        .map((email) => email.text)
        .join(),
    ).not.toContain(bobFollower.slice(0, 8));
    expect(smtp.received.every((email) => [address('alice'), address('bob')].includes(email.to))).toBe(true);
    await trader.close();
  });
});

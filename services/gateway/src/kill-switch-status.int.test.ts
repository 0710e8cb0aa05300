import { randomUUID } from 'node:crypto';
import { type AuditEvent, copyKickGroup, queueNames, redisKeys } from '@copytrade/contracts';
import { createQueue, eventsOfJob } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { seedBrokerAccount } from './testing/seed-accounts.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let operator: Credentials & { id: string };
let client: Credentials & { id: string };
let audit: Queue<AuditEvent>;

async function user(role: 'operator' | 'client') {
  const u = await gw.seedUser(role, password);
  return { ...(await http.login(u.email, password)), id: u.id };
}

async function auditedOfType(type: string): Promise<AuditEvent[]> {
  const jobs = await audit.getJobs(['waiting', 'delayed', 'active', 'completed']);
  return (jobs.flatMap((j) => eventsOfJob(j.data)) as AuditEvent[]).filter((e) => e.type === type);
}

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  operator = await user('operator');
  client = await user('client');
  audit = createQueue<AuditEvent>(queueNames.auditEvents, { connection: gw.redis, prefix: gw.prefix });
}, 30_000);
afterAll(async () => {
  await audit?.close();
  await gw?.stop();
});

describe('kill switch', () => {
  it('is engaged (the key the executor checks is set), shown, and released, each audited with who did it', async () => {
    const key = redisKeys(gw.prefix).killSwitch();
    const engaged = await http.call('POST', '/v1/kill-switch', {
      ...operator,
      body: { reason: 'exchange outage' },
    });
    expect(engaged.status).toBe(200);
    expect(engaged.body).toMatchObject({ engaged: true, by: operator.id, reason: 'exchange outage' });
    expect(JSON.parse((await gw.redis.get(key))!)).toEqual({
      by: operator.id,
      at: engaged.body.at,
      reason: 'exchange outage',
    });
    expect((await http.call('GET', '/v1/kill-switch', operator)).body).toEqual(engaged.body);
    const released = await http.call('DELETE', '/v1/kill-switch', { ...operator, body: { reason: 'back' } });
    expect(released.body).toEqual({ engaged: false, by: null, at: null, reason: null });
    expect(await gw.redis.exists(key)).toBe(0);
    // A release without a body is fine too.
    expect((await http.call('DELETE', '/v1/kill-switch', operator)).status).toBe(200);
    expect((await auditedOfType('kill_switch.engaged')).map((e) => e.payload)).toEqual([
      { actorUserId: operator.id, reason: 'exchange outage' },
    ]);
    expect((await auditedOfType('kill_switch.released')).map((e) => e.payload)).toEqual(
      expect.arrayContaining([
        { actorUserId: operator.id, reason: 'back' },
        { actorUserId: operator.id, reason: null },
      ]),
    );
  });

  it('is for operators and admins only, needs a reason, and credentials', async () => {
    const key = redisKeys(gw.prefix).killSwitch();
    expect((await http.call('POST', '/v1/kill-switch', { ...client, body: { reason: 'x' } })).status).toBe(
      403,
    );
    expect((await http.call('GET', '/v1/kill-switch', client)).status).toBe(403);
    expect((await http.call('DELETE', '/v1/kill-switch', client)).status).toBe(403);
    expect(await gw.redis.exists(key)).toBe(0);
    const noReason = await http.call('POST', '/v1/kill-switch', { ...operator, body: { reason: ' ' } });
    expect(noReason.status).toBe(400);
    expect(noReason.body.issues[0].field).toBe('body.reason');
    expect((await http.call('POST', '/v1/kill-switch', { body: { reason: 'x' } })).status).toBe(401);
    const noCsrf = await http.call('POST', '/v1/kill-switch', {
      cookie: operator.cookie!,
      body: { reason: 'x' },
    });
    expect(noCsrf.status).toBe(403);
    expect(await gw.redis.exists(key)).toBe(0);
  });
});

describe('GET /v1/status', () => {
  it('shows executors alive, listener leases, queue counts, the kill switch, breakers per broker host, copy latency and drift', async () => {
    const keys = redisKeys(gw.prefix);
    const now = Date.now();
    await gw.redis.set(keys.executorAlive('exec-1'), String(now), 'PX', 60_000);
    const masterId = randomUUID();
    await gw.redis.set(keys.masterLease(masterId), 'replica-a', 'PX', 60_000);
    await gw.redis.set(
      keys.killSwitch(),
      JSON.stringify({ by: operator.id, at: new Date(now).toISOString(), reason: 'r' }),
    );
    // Recorded by executors (one field per broker host); a field set by hand with junk is left out.
    const openedAt = new Date(now - 2_000).toISOString();
    await gw.redis.hset(keys.brokerBreakers(), {
      'sim.test:9000': JSON.stringify({ state: 'open', at: openedAt, instanceId: 'exec-1' }),
      'api.delta.exchange': JSON.stringify({ state: 'closed', at: openedAt, instanceId: 'exec-2' }),
      'junk.test': 'not json',
    });
    const copies = createQueue(queueNames.copyOrders, { connection: gw.redis, prefix: gw.prefix });
    await copies.add('x', { n: 1 });
    await copies.add('y', { n: 2 });
    // Three kicks on the kick stream, one of them read by an executor; no fill on the fill stream.
    for (const n of [1, 2, 3]) await gw.redis.xadd(keys.copyKicks(), '*', 'kick', String(n));
    await gw.redis.xgroup('CREATE', keys.copyKicks(), copyKickGroup, '0');
    await gw.redis.xreadgroup('GROUP', copyKickGroup, 'exec-1', 'COUNT', 1, 'STREAMS', keys.copyKicks(), '>');
    await copies.close();
    const user = await gw.seedUser('client');
    const follower = await seedBrokerAccount(gw.database.db, user.id, 'follower');
    const masterAccount = await seedBrokerAccount(gw.database.db, user.id, 'master');
    // Latencies 1..100 ms now, and one slow copy outside the 5-minute window.
    for (let i = 1; i <= 101; i += 1)
      await gw.database.db.copyTrade.create({
        data: {
          masterTradeId: `t${i}`,
          correlationId: `c${i}`,
          masterAccountId: masterAccount,
          followerId: follower,
          clientOrderId: `cid${i}`,
          originalSymbol: 'BTCUSD',
          originalSide: 'buy',
          originalSize: 1,
          originalPrice: '60000',
          copiedSide: 'buy',
          copiedSize: 1,
          action: 'open',
          status: 'filled',
          latencyMs: i <= 100 ? i : 99_999,
          ...(i > 100 && { createdAt: new Date(now - 10 * 60_000) }),
        },
      });
    for (const [i, state] of ['in_sync', 'in_sync', 'drifting'].entries())
      await gw.database.db.positionSyncStatus.create({
        data: {
          followId: randomUUID(),
          masterAccountId: masterAccount,
          followerAccountId: follower,
          symbol: `S${i}`,
          state,
          target: 1,
          totalTarget: 1,
          actual: state === 'in_sync' ? 1 : 0,
          drift: state === 'in_sync' ? 0 : 1,
          lastVerified: new Date(),
        },
      });

    const answer = await http.call('GET', '/v1/status', operator);
    expect(answer.status).toBe(200);
    const status = answer.body;
    expect(status.executors).toEqual([{ instanceId: 'exec-1', lastBeatAt: new Date(now).toISOString() }]);
    expect(status.listeners).toEqual([
      { masterAccountId: masterId, replica: 'replica-a', until: expect.any(String) },
    ]);
    // The lease's own expiry (set 60 s ahead above), not a time the gateway made up.
    const leaseLeft = Date.parse(status.listeners[0].until) - now;
    expect(leaseLeft).toBeGreaterThan(50_000);
    expect(leaseLeft).toBeLessThanOrEqual(61_000);
    expect(status.queues.map((q: { name: string }) => q.name).sort()).toEqual(
      Object.values(queueNames).sort(),
    );
    expect(status.queues.find((q: { name: string }) => q.name === queueNames.copyOrders)).toMatchObject({
      waiting: 2,
      failed: 0,
    });
    expect(status.streams).toEqual([
      { name: 'master-fills', entries: 0, read: 0 },
      { name: 'copy-kicks', entries: 3, read: 1 },
    ]);
    expect(status.killSwitch).toMatchObject({ engaged: true, by: operator.id, reason: 'r' });
    expect(status.breakers).toEqual([
      { host: 'api.delta.exchange', state: 'closed', at: openedAt, instanceId: 'exec-2' },
      { host: 'sim.test:9000', state: 'open', at: openedAt, instanceId: 'exec-1' },
    ]);
    // PostgreSQL interpolates between the ranks: 50.5, 90.1, 99.01 (as floats).
    const latency = status.copyLatencyMs;
    expect({ windowSeconds: latency.windowSeconds, count: latency.count }).toEqual({
      windowSeconds: 300,
      count: 100,
    });
    expect(latency.p50).toBeCloseTo(50.5, 6);
    expect(latency.p90).toBeCloseTo(90.1, 6);
    expect(latency.p99).toBeCloseTo(99.01, 6);
    expect(status.drift).toEqual({ in_sync: 2, drifting: 1 });
    await gw.redis.del(keys.killSwitch());
  });

  it('is for operators and admins only', async () => {
    expect((await http.call('GET', '/v1/status', client)).status).toBe(403);
    expect((await http.call('GET', '/v1/status')).status).toBe(401);
  });
});

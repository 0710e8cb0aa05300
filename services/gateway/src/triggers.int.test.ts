import { randomUUID } from 'node:crypto';
import { type AuditEvent, type MonitorResult, queueNames, redisKeys } from '@copytrade/contracts';
import { createQueue, createRedis, eventsOfJob, type Redis } from '@copytrade/runtime';
import { type Queue, Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { seedBrokerAccount, seedFollow } from './testing/seed-accounts.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let operator: Credentials & { id: string };
let alice: Credentials & { id: string };
let bob: Credentials & { id: string };
let master: string;
let aliceFollower: string;
let slowMaster: string;
let workerRedis: Redis;
let monitorWorker: Worker;
const monitorRuns: Array<{ masterAccountId?: string }> = [];
const queues: Queue[] = [];

function queue(name: string): Queue {
  const q = createQueue(name, { connection: gw.redis, prefix: gw.prefix });
  queues.push(q);
  return q;
}

async function user(role: 'operator' | 'client') {
  const u = await gw.seedUser(role, password);
  return { ...(await http.login(u.email, password)), id: u.id };
}

/** The trigger.pulled events queued for the audit service. */
async function triggerEvents(): Promise<Array<Extract<AuditEvent, { type: 'trigger.pulled' }>>> {
  const jobs = await queue(queueNames.auditEvents).getJobs(['waiting', 'delayed', 'active', 'completed']);
  return jobs
    .flatMap((j) => eventsOfJob(j.data) as AuditEvent[])
    .filter((e) => e.type === 'trigger.pulled') as never;
}

beforeAll(async () => {
  gw = await startTestGateway({ MONITOR_TIMEOUT_MS: '1000' });
  http = httpClient(gw.url);
  operator = await user('operator');
  alice = await user('client');
  bob = await user('client');
  master = await seedBrokerAccount(gw.database.db, bob.id, 'master');
  slowMaster = await seedBrokerAccount(gw.database.db, bob.id, 'master');
  aliceFollower = await seedBrokerAccount(gw.database.db, alice.id, 'follower');
  await seedFollow(gw.database.db, master, aliceFollower);
  await seedFollow(gw.database.db, slowMaster, aliceFollower);
  // Stands in for the listener: answers as its monitor worker does, slowly for one master.
  workerRedis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
  monitorWorker = new Worker<{ masterAccountId?: string }, MonitorResult>(
    queueNames.monitor,
    async (job) => {
      monitorRuns.push(job.data);
      if (job.data.masterAccountId === slowMaster) await new Promise((resolve) => setTimeout(resolve, 2_000));
      const masterAccountId = job.data.masterAccountId ?? master;
      return { masters: [{ masterAccountId, newFills: 2, activeFollowers: 1 }] };
    },
    { connection: workerRedis, prefix: gw.prefix, concurrency: 4 },
  );
  await monitorWorker.waitUntilReady();
}, 30_000);
afterAll(async () => {
  await monitorWorker?.close();
  workerRedis?.disconnect();
  for (const q of queues) await q.close();
  await gw?.stop();
});

describe('POST /v1/triggers/monitor', () => {
  it('queues a monitor run, answers with its result, and audits who pulled it', async () => {
    const answer = await http.call('POST', '/v1/triggers/monitor', {
      ...alice,
      body: { masterAccountId: master },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ masters: [{ masterAccountId: master, newFills: 2, activeFollowers: 1 }] });
    expect(monitorRuns.at(-1)).toEqual({ masterAccountId: master });
    const audited = (await triggerEvents()).find((e) => e.payload.trigger === 'monitor');
    expect(audited).toMatchObject({
      accountId: master,
      service: 'gateway',
      payload: { actorUserId: alice.id, trigger: 'monitor', masterAccountId: master },
    });
    const all = await http.call('POST', '/v1/triggers/monitor', { ...operator, body: {} });
    expect(all.status).toBe(200);
    expect(monitorRuns.at(-1)).toEqual({});
  });

  it('answers 504 when no listener answers in time', async () => {
    const answer = await http.call('POST', '/v1/triggers/monitor', {
      ...alice,
      body: { masterAccountId: slowMaster },
    });
    expect(answer.status).toBe(504);
    expect(answer.body.error).toBe('timeout');
  });

  it('lets a client monitor only masters it follows or owns', async () => {
    const carol = await user('client');
    const notHers = await http.call('POST', '/v1/triggers/monitor', {
      ...carol,
      body: { masterAccountId: master },
    });
    expect(notHers.status).toBe(404);
    const everyone = await http.call('POST', '/v1/triggers/monitor', { ...alice, body: {} });
    expect(everyone.status).toBe(403);
    const owner = await http.call('POST', '/v1/triggers/monitor', {
      ...bob,
      body: { masterAccountId: master },
    });
    expect(owner.status).toBe(200);
  });

  it('answers 400, 401 and 403 (CSRF)', async () => {
    const bad = await http.call('POST', '/v1/triggers/monitor', { ...alice, body: { masterAccountId: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe('body.masterAccountId');
    expect((await http.call('POST', '/v1/triggers/monitor', { body: {} })).status).toBe(401);
    const noCsrf = await http.call('POST', '/v1/triggers/monitor', { cookie: alice.cookie!, body: {} });
    expect(noCsrf.status).toBe(403);
  });
});

describe('POST /v1/triggers/reconcile', () => {
  it('queues a follower reconcile (202 with its job id), or a cycle for operators, audited', async () => {
    const answer = await http.call('POST', '/v1/triggers/reconcile', {
      ...alice,
      body: { followerAccountId: aliceFollower },
    });
    expect(answer.status).toBe(202);
    const job = await queue(queueNames.reconcile).getJob(answer.body.jobId);
    expect(job?.data).toEqual({ kind: 'follower', followerAccountId: aliceFollower, reason: 'manual' });
    const cycle = await http.call('POST', '/v1/triggers/reconcile', { ...operator, body: {} });
    expect(cycle.status).toBe(202);
    expect((await queue(queueNames.reconcile).getJob(cycle.body.jobId))?.data).toEqual({ kind: 'cycle' });
    const audited = (await triggerEvents()).filter((e) => e.payload.trigger === 'reconcile');
    expect(audited.map((e) => [e.payload.actorUserId, e.payload.jobId, e.payload.followerAccountId])).toEqual(
      expect.arrayContaining([
        [alice.id, answer.body.jobId, aliceFollower],
        [operator.id, cycle.body.jobId, undefined],
      ]),
    );
  });

  it('refuses a client a cycle or another’s account, and a bad body', async () => {
    expect((await http.call('POST', '/v1/triggers/reconcile', { ...alice, body: {} })).status).toBe(403);
    const theirs = await http.call('POST', '/v1/triggers/reconcile', {
      ...bob,
      body: { followerAccountId: aliceFollower },
    });
    expect(theirs.status).toBe(404);
    const extra = await http.call('POST', '/v1/triggers/reconcile', { ...operator, body: { all: true } });
    expect(extra.status).toBe(400);
    expect((await http.call('POST', '/v1/triggers/reconcile', { body: {} })).status).toBe(401);
  });
});

describe('POST /v1/triggers/retry', () => {
  const leg = (clientOrderId: string) => ({
    clientOrderId,
    correlationId: `c-${clientOrderId}`,
    followerAccountId: aliceFollower,
    masterAccountId: master,
    followId: null,
    symbol: 'BTCUSD',
    productId: 1,
    side: 'buy',
    size: 1,
    reduceOnly: false,
    leg: 'open',
    orderType: 'market_order',
    limitPrice: null,
    seq: 1,
    targetBefore: 0,
    targetAfter: 1,
    detectedAtMs: 1,
    plannedAtMs: 1,
  });

  it('moves the dead-lettered legs to the outbox tail, kicks the executor, and audits it (operators)', async () => {
    const outbox = redisKeys(gw.prefix).orderOutbox(aliceFollower, 'BTCUSD');
    const waiting = JSON.stringify(leg('waiting1'));
    await gw.redis.rpush(outbox, waiting);
    await gw.redis.rpush(`${outbox}:dead`, JSON.stringify(leg('dead1')), JSON.stringify(leg('dead2')));
    const answer = await http.call('POST', '/v1/triggers/retry', {
      ...operator,
      body: { followerAccountId: aliceFollower, symbol: 'BTCUSD' },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.moved).toEqual(['dead1', 'dead2']);
    const entries = await gw.redis.lrange(outbox, 0, -1);
    expect(entries.map((e) => JSON.parse(e).clientOrderId)).toEqual(['waiting1', 'dead1', 'dead2']);
    expect(await gw.redis.exists(`${outbox}:dead`)).toBe(0);
    const kick = await queue(queueNames.copyOrders).getJob(answer.body.jobId);
    expect(kick?.data).toEqual({
      followerAccountId: aliceFollower,
      symbol: 'BTCUSD',
      correlationId: 'c-dead1',
      clientOrderIds: ['dead1', 'dead2'],
    });
    const audited = (await triggerEvents()).find((e) => e.payload.trigger === 'retry');
    expect(audited?.payload).toMatchObject({
      actorUserId: operator.id,
      followerAccountId: aliceFollower,
      symbol: 'BTCUSD',
    });
    const again = await http.call('POST', '/v1/triggers/retry', {
      ...operator,
      body: { followerAccountId: aliceFollower, symbol: 'BTCUSD' },
    });
    expect(again.body).toEqual({ moved: [], jobId: null });
    expect(await gw.redis.llen(outbox)).toBe(3);
  });

  it('is for operators only, and answers 400 and 401', async () => {
    const body = { followerAccountId: aliceFollower, symbol: 'BTCUSD' };
    expect((await http.call('POST', '/v1/triggers/retry', { ...alice, body })).status).toBe(403);
    const bad = await http.call('POST', '/v1/triggers/retry', {
      ...operator,
      body: { ...body, symbol: 'btc usd' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues[0].field).toBe('body.symbol');
    expect((await http.call('POST', '/v1/triggers/retry', { body })).status).toBe(401);
    const unknown = await http.call('POST', '/v1/triggers/retry', {
      ...operator,
      body: { ...body, followerAccountId: randomUUID() },
    });
    expect(unknown.status).toBe(404);
  });
});

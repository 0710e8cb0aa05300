import { createHash, randomUUID } from 'node:crypto';
import { startTestRecorder, type TestRecorder } from '@copytrade/audit-log/testing';
import { insertLogRow } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { seedBrokerAccount } from './testing/seed-accounts.ts';
import { recordSeeder } from './testing/seed-records.ts';

const password = 'correct horse battery';
let gw: TestGateway;
// Records the gateway's manual actions in the audit log, as the audit service does.
let recorder: TestRecorder;
let http: ReturnType<typeof httpClient>;

async function login(role: 'operator' | 'client'): Promise<Credentials & { id: string; email: string }> {
  const user = await gw.seedUser(role, password);
  return { ...(await http.login(user.email, password)), ...user };
}

beforeAll(async () => {
  gw = await startTestGateway();
  recorder = startTestRecorder({ databaseUrl: gw.database.url, prefix: gw.prefix });
  http = httpClient(gw.url);
}, 30_000);
afterAll(async () => {
  await recorder?.stop();
  await gw?.stop();
});

describe('GET /v1/latency', () => {
  it('gives each copy of the last minutes oldest first, a client only its own followers’', async () => {
    const seed = recordSeeder(gw.database.db);
    const operator = await login('operator');
    const alice = await login('client');
    const bob = await login('client');
    const master = await seedBrokerAccount(gw.database.db, operator.id, 'master');
    const aliceFollower = await seedBrokerAccount(gw.database.db, alice.id, 'follower');
    const bobFollower = await seedBrokerAccount(gw.database.db, bob.id, 'follower');
    const now = Date.now();
    const ago = (minutes: number) => new Date(now - minutes * 60_000);
    const copy = (followerId: string, minutes: number, latencyMs: number) =>
      seed
        .copyTrade({
          correlationId: `c-${randomUUID()}`,
          masterAccountId: master,
          followerId,
          createdAt: ago(minutes),
        })
        .then((id) => gw.database.db.copyTrade.update({ where: { id }, data: { latencyMs } }));
    await copy(aliceFollower, 3, 40);
    await copy(aliceFollower, 1, 25);
    await copy(bobFollower, 2, 90);
    await copy(aliceFollower, 20, 999); // outside a 10-minute window

    const all = await http.call('GET', '/v1/latency?minutes=10', operator);
    expect(all.status).toBe(200);
    const mine = (body: { points: Array<{ followerAccountId: string; latencyMs: number }> }) =>
      body.points.filter((p) => [aliceFollower, bobFollower].includes(p.followerAccountId));
    expect(mine(all.body).map((p) => p.latencyMs)).toEqual([40, 90, 25]);
    expect(all.body).toMatchObject({ minutes: 10, truncated: false });
    expect(Date.parse(all.body.to) - Date.parse(all.body.from)).toBe(10 * 60_000);

    const aliceSees = await http.call('GET', '/v1/latency?minutes=30', alice);
    const point = (minutes: number, latencyMs: number) => ({
      at: ago(minutes).toISOString(),
      latencyMs,
      followerAccountId: aliceFollower,
      clientOrderId: expect.stringMatching(/^cp-/),
    });
    expect(aliceSees.body.points).toEqual([point(20, 999), point(3, 40), point(1, 25)]);
    // Ten minutes when not given.
    expect(
      (await http.call('GET', '/v1/latency', bob)).body.points.map((p: { latencyMs: number }) => p.latencyMs),
    ).toEqual([90]);
  });

  it('refuses a window out of range, unknown parameters and callers without credentials', async () => {
    const client = await login('client');
    for (const query of ['minutes=0', 'minutes=61', 'minutes=ten', 'minutes=5&follower=x']) {
      const answer = await http.call('GET', `/v1/latency?${query}`, client);
      expect(answer.status, query).toBe(400);
    }
    expect((await http.call('GET', '/v1/latency')).status).toBe(401);
  });
});

describe('GET /v1/manual-actions', () => {
  it('lists kill switch changes newest first with the email of who took them, filtered by type', async () => {
    const operator = await login('operator');
    await http.call('POST', '/v1/kill-switch', { ...operator, body: { reason: 'exchange incident' } });
    await http.call('DELETE', '/v1/kill-switch', { ...operator, body: { reason: 'resolved' } });
    // A follow change by a user deleted since: the action stays, without an email.
    const gone = randomUUID();
    await insertLogRow(gw.database.db, {
      eventId: `test:${gone}`,
      type: 'follow.changed',
      correlationId: null,
      accountId: null,
      occurredAt: new Date(Date.now() - 60_000),
      payload: {
        followId: randomUUID(),
        masterAccountId: randomUUID(),
        followerAccountId: randomUUID(),
        actorUserId: gone,
        action: 'updated',
        fields: ['multiplier'],
      },
      prevHash: createHash('sha256').update(`p${gone}`).digest('hex'),
      hash: createHash('sha256').update(`h${gone}`).digest('hex'),
    });

    // The gateway's events are recorded shortly after.
    const actions = await vi.waitFor(
      async () => {
        const answer = await http.call('GET', '/v1/manual-actions', operator);
        expect(answer.status).toBe(200);
        expect(answer.body.actions).toHaveLength(3);
        return answer.body.actions;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(actions.map((a: { type: string }) => a.type)).toEqual([
      'kill_switch.released',
      'kill_switch.engaged',
      'follow.changed',
    ]);
    expect(actions[1]).toMatchObject({
      actorUserId: operator.id,
      actorEmail: operator.email,
      payload: { reason: 'exchange incident' },
    });
    expect(actions[2]).toMatchObject({
      actorUserId: gone,
      actorEmail: null,
      payload: { fields: ['multiplier'] },
    });

    const engaged = await http.call('GET', '/v1/manual-actions?type=kill_switch.engaged&limit=5', operator);
    expect(engaged.body.actions.map((a: { type: string }) => a.type)).toEqual(['kill_switch.engaged']);
    expect((await http.call('GET', '/v1/manual-actions?limit=1', operator)).body.actions).toHaveLength(1);
  });

  it('is for operators and admins, and refuses a type that is not a manual action', async () => {
    const operator = await login('operator');
    const client = await login('client');
    expect((await http.call('GET', '/v1/manual-actions', client)).status).toBe(403);
    const notManual = await http.call('GET', '/v1/manual-actions?type=order.accepted', operator);
    expect(notManual.status).toBe(400);
    expect(notManual.body.issues[0].field).toBe('querystring.type');
  });
});

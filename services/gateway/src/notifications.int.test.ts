import { randomUUID } from 'node:crypto';
import { type AuditEventOf, queueNames, webhookDeliveryJobId } from '@copytrade/contracts';
import { createQueue } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from './provision.ts';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { httpClient } from './testing/http-client.ts';

// The notification routes with the private-address flag off (as in production): endpoint URLs are
// checked, secrets are shown once, and everything is owner-scoped.
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
const keys = { alice: '', bob: '', ops: '' };
let aliceFollow: string;
const publicUrl = 'https://93.184.215.14/hooks/copytrade';

const as = (who: keyof typeof keys) => ({ apiKey: keys[who] });

async function account(userId: string, role: 'master' | 'follower') {
  return gw.database.db.brokerAccount.create({
    data: {
      id: randomUUID(),
      userId,
      label: role,
      role,
      baseUrl: 'https://cdn.india.deltaex.org',
      apiKey: 'k',
      secretEnvelope: 'unused',
    },
  });
}

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  for (const [who, role] of [
    ['alice', 'client'],
    ['bob', 'client'],
    ['ops', 'operator'],
  ] as const) {
    const user = await gw.seedUser(role);
    keys[who] = (await issueApiKey(gw.database.db, user.id, who)).key;
    if (who === 'alice') {
      const master = await account(user.id, 'master');
      const follower = await account(user.id, 'follower');
      aliceFollow = (
        await gw.database.db.follow.create({
          data: {
            masterAccountId: master.id,
            followerAccountId: follower.id,
            mode: 'multiplier',
            multiplier: '1',
          },
        })
      ).id;
    }
  }
});
afterAll(async () => {
  await gw?.stop();
});

describe('webhook endpoints', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', 'points at a private, loopback or link-local address'],
    ['https://169.254.169.254/latest/meta-data', 'points at a private, loopback or link-local address'],
    ['https://[::1]/hook', 'points at a private, loopback or link-local address'],
    ['https://10.0.0.7/hook', 'points at a private, loopback or link-local address'],
    ['https://localhost/hook', 'points at a private, loopback or link-local address'],
    ['https://user:pw@93.184.215.14/hook', 'must not carry credentials'],
  ])('refuses %s (SSRF) without the test flag', async (url, message) => {
    const res = await http.call('POST', '/v1/notifications/webhooks', { ...as('alice'), body: { url } });
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual([{ field: 'body.url', message }]);
  });

  it('refuses what is not an http(s) URL by the schema', async () => {
    const res = await http.call('POST', '/v1/notifications/webhooks', {
      ...as('alice'),
      body: { url: 'ftp://x.example/' },
    });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toBe('body.url');
  });

  it('shows the secret once, stores it sealed, and rotates it with an overlap', async () => {
    const created = await http.call('POST', '/v1/notifications/webhooks', {
      ...as('alice'),
      body: { url: publicUrl, description: 'trading bot' },
    });
    expect(created.status).toBe(201);
    const { endpoint, secret } = created.body;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const row = await gw.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(JSON.stringify(row)).not.toContain(secret.slice(6));
    const shown = await http.call('GET', `/v1/notifications/webhooks/${endpoint.id}`, as('alice'));
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain('whsec_');
    expect((await http.call('GET', `/v1/notifications/webhooks/${endpoint.id}`, as('bob'))).status).toBe(404);
    expect((await http.call('GET', `/v1/notifications/webhooks/${endpoint.id}`, as('ops'))).status).toBe(404);

    const rotated = await http.call('POST', `/v1/notifications/webhooks/${endpoint.id}/rotate-secret`, {
      ...as('alice'),
      body: { overlapSeconds: 3_600 },
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(secret);
    const expires = Date.parse(rotated.body.endpoint.previousSecretExpiresAt);
    expect(expires - Date.now()).toBeGreaterThan(3_500_000);
    const after = await gw.database.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(after.previousSecretEnvelope).toBe(row.secretEnvelope);
    expect(
      (
        await http.call('POST', `/v1/notifications/webhooks/${endpoint.id}/rotate-secret`, {
          ...as('bob'),
          body: {},
        })
      ).status,
    ).toBe(404);

    // Disabled by its owner; enabled again with its failure count back at zero.
    await gw.database.db.webhookEndpoint.update({
      where: { id: endpoint.id },
      data: { consecutiveFailures: 4 },
    });
    const off = await http.call('PATCH', `/v1/notifications/webhooks/${endpoint.id}`, {
      ...as('alice'),
      body: { status: 'disabled' },
    });
    expect(off.body).toMatchObject({ status: 'disabled', disabledReason: 'owner' });
    const on = await http.call('PATCH', `/v1/notifications/webhooks/${endpoint.id}`, {
      ...as('alice'),
      body: { status: 'active' },
    });
    expect(on.body).toMatchObject({ status: 'active', disabledReason: null, consecutiveFailures: 0 });
    // Each change is audited: who, what, which fields; never the URL or a secret.
    const changes = (await gw.auditEvents()).filter(
      (event): event is AuditEventOf<'notification.settings_changed'> =>
        event.type === 'notification.settings_changed' && event.payload.id === endpoint.id,
    );
    expect(changes.map((event) => event.payload).sort((a, b) => a.action.localeCompare(b.action))).toEqual([
      {
        actorUserId: endpoint.userId,
        target: 'webhook_endpoint',
        id: endpoint.id,
        action: 'created',
        fields: ['description', 'url'],
      },
      {
        actorUserId: endpoint.userId,
        target: 'webhook_endpoint',
        id: endpoint.id,
        action: 'secret_rotated',
        fields: ['secret'],
      },
      {
        actorUserId: endpoint.userId,
        target: 'webhook_endpoint',
        id: endpoint.id,
        action: 'updated',
        fields: ['status'],
      },
      {
        actorUserId: endpoint.userId,
        target: 'webhook_endpoint',
        id: endpoint.id,
        action: 'updated',
        fields: ['status'],
      },
    ]);
    for (const text of [secret, rotated.body.secret, publicUrl])
      expect(JSON.stringify(changes)).not.toContain(text);
    const moved = await http.call('PATCH', `/v1/notifications/webhooks/${endpoint.id}`, {
      ...as('alice'),
      body: { url: 'https://192.168.0.10/x' },
    });
    expect(moved.status).toBe(400);
  });
});

describe('subscriptions and the delivery log', () => {
  it('are validated and owner-scoped', async () => {
    const endpoint = (
      await http.call('POST', '/v1/notifications/webhooks', { ...as('alice'), body: { url: publicUrl } })
    ).body.endpoint;
    const bobs = (
      await http.call('POST', '/v1/notifications/webhooks', { ...as('bob'), body: { url: publicUrl } })
    ).body.endpoint;
    const subscribe = (who: keyof typeof keys, body: object) =>
      http.call('POST', '/v1/notifications/subscriptions', { ...as(who), body });

    const bad = await subscribe('alice', {
      channel: 'sms',
      endpointId: endpoint.id,
      kinds: ['copy_placed', 'copy_placed'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'body.channel',
      'body.kinds',
    ]);
    expect(
      (await subscribe('alice', { channel: 'webhook', endpointId: endpoint.id, kinds: ['nope'] })).status,
    ).toBe(400);
    expect(
      (await subscribe('alice', { channel: 'webhook', endpointId: endpoint.id, kinds: [] })).status,
    ).toBe(400);
    const killSwitch = await subscribe('alice', {
      channel: 'webhook',
      endpointId: endpoint.id,
      kinds: ['kill_switch'],
    });
    expect(killSwitch.status).toBe(400);
    expect(killSwitch.body.issues).toEqual([
      { field: 'body.kinds', message: 'kill_switch: operators and admins only' },
    ]);
    // Another's endpoint or follow reads as unknown.
    expect(
      (await subscribe('bob', { channel: 'webhook', endpointId: endpoint.id, kinds: ['copy_placed'] }))
        .status,
    ).toBe(404);
    expect(
      (
        await subscribe('bob', {
          channel: 'webhook',
          endpointId: bobs.id,
          kinds: ['copy_placed'],
          followIds: [aliceFollow],
        })
      ).status,
    ).toBe(404);

    const made = await subscribe('alice', {
      channel: 'webhook',
      endpointId: endpoint.id,
      kinds: ['copy_placed', 'copy_failed'],
      followIds: [aliceFollow],
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kinds: ['copy_placed', 'copy_failed'], followIds: [aliceFollow] });
    expect(
      (await http.call('GET', `/v1/notifications/subscriptions/${made.body.id}`, as('bob'))).status,
    ).toBe(404);
    expect(
      (await http.call('DELETE', `/v1/notifications/subscriptions/${made.body.id}`, as('bob'))).status,
    ).toBe(404);
    const changed = await http.call('PATCH', `/v1/notifications/subscriptions/${made.body.id}`, {
      ...as('alice'),
      body: { kinds: ['risk_exit'], followIds: [] },
    });
    expect(changed.body).toMatchObject({ kinds: ['risk_exit'], followIds: [] });
    expect((await http.call('GET', '/v1/notifications/subscriptions', as('bob'))).body.subscriptions).toEqual(
      [],
    );
    expect(
      (await http.call('GET', '/v1/notifications/subscriptions', as('alice'))).body.subscriptions,
    ).toHaveLength(1);
    expect(
      (
        await subscribe('ops', {
          channel: 'webhook',
          endpointId: (
            await http.call('POST', '/v1/notifications/webhooks', { ...as('ops'), body: { url: publicUrl } })
          ).body.endpoint.id,
          kinds: ['kill_switch'],
        })
      ).status,
    ).toBe(201);

    // A past delivery: listed for its owner only, and redelivered as a new round of the same event.
    const delivery = await gw.database.db.webhookDelivery.create({
      data: {
        endpointId: endpoint.id,
        eventId: 'evt-1',
        eventSeq: 1n,
        eventType: 'order.accepted',
        kind: 'copy_placed',
        status: 'delivered',
        attempts: 1,
      },
    });
    const log = await http.call('GET', `/v1/notifications/webhooks/${endpoint.id}/deliveries`, as('alice'));
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({ id: delivery.id, status: 'delivered', round: 0 }),
    ]);
    expect(
      (await http.call('GET', `/v1/notifications/webhooks/${endpoint.id}/deliveries`, as('bob'))).status,
    ).toBe(404);
    const again = await http.call(
      'POST',
      `/v1/notifications/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`,
      as('alice'),
    );
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({
      jobId: webhookDeliveryJobId(endpoint.id, 'evt-1', 1),
      delivery: { status: 'pending', round: 1 },
    });
    const queue = createQueue(queueNames.webhookDeliveries, { connection: gw.redis, prefix: gw.prefix });
    expect((await queue.getJob(again.body.jobId))?.data).toEqual({
      endpointId: endpoint.id,
      eventId: 'evt-1',
      round: 1,
    });
    await queue.close();

    // Removing the endpoint removes its subscriptions and log.
    expect((await http.call('DELETE', `/v1/notifications/webhooks/${endpoint.id}`, as('alice'))).status).toBe(
      204,
    );
    expect(await gw.database.db.notificationSubscription.count({ where: { endpointId: endpoint.id } })).toBe(
      0,
    );
  });
});

import { createECDH, randomBytes } from 'node:crypto';
import type { AuditEventOf } from '@copytrade/contracts';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from './provision.ts';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { httpClient } from './testing/http-client.ts';

// Web Push devices and the email and web_push channels of subscriptions, with the private-address
// flag off (as in production): a push endpoint is a URL the notifier will POST to.
const vapid = webPush.generateVAPIDKeys();
let gw: TestGateway;
let bare: TestGateway;
let http: ReturnType<typeof httpClient>;
const keys = { alice: '', bob: '' };
const as = (who: keyof typeof keys) => ({ apiKey: keys[who] });

function browserKeys() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
}
const device = (path: string) => ({
  endpoint: `https://93.184.215.14/push/${path}`,
  expirationTime: null,
  keys: browserKeys(),
});

beforeAll(async () => {
  gw = await startTestGateway({ WEB_PUSH_VAPID_PUBLIC_KEY: vapid.publicKey });
  http = httpClient(gw.url);
  for (const who of ['alice', 'bob'] as const) {
    const user = await gw.seedUser('client');
    keys[who] = (await issueApiKey(gw.database.db, user.id, who)).key;
  }
});
afterAll(async () => {
  await gw?.stop();
  await bare?.stop();
});

describe('web push devices', () => {
  it('serves the VAPID public key to a logged-in user', async () => {
    expect((await http.call('GET', '/v1/notifications/push/key', as('alice'))).body).toEqual({
      publicKey: vapid.publicKey,
    });
    expect((await http.call('GET', '/v1/notifications/push/key')).status).toBe(401);
  });

  it.each([
    [{ ...device('a'), keys: { ...browserKeys(), p256dh: 'short' } }, 'body.keys.p256dh'],
    [{ ...device('a'), keys: { ...browserKeys(), auth: 'not base64url!' } }, 'body.keys.auth'],
    [{ ...device('a'), endpoint: 'http://93.184.215.14/push/a' }, 'body.endpoint'],
    [{ ...device('a'), extra: 1 }, 'body.extra'],
  ])('refuses a malformed subscription (%#)', async (body, field) => {
    const res = await http.call('POST', '/v1/notifications/push/devices', { ...as('alice'), body });
    expect(res.status).toBe(400);
    expect(res.body.issues.map((issue: { field: string }) => issue.field)).toContain(field);
  });

  it('refuses a push endpoint on a private or loopback address (SSRF)', async () => {
    for (const endpoint of [
      'https://127.0.0.1/push/x',
      'https://10.1.2.3/push/x',
      'https://localhost/push/x',
    ]) {
      const res = await http.call('POST', '/v1/notifications/push/devices', {
        ...as('alice'),
        body: { ...device('x'), endpoint },
      });
      expect(res.status).toBe(400);
      expect(res.body.issues).toEqual([
        { field: 'body.endpoint', message: 'points at a private, loopback or link-local address' },
      ]);
    }
  });

  it('stores a device per user with its keys sealed, shows neither endpoint nor keys, and is owner-scoped', async () => {
    const body = device('alice-phone');
    const made = await http.call('POST', '/v1/notifications/push/devices', {
      ...as('alice'),
      body,
      headers: { 'user-agent': 'TestBrowser/1.0' },
    });
    expect(made.status).toBe(201);
    expect(made.body).toEqual({
      id: expect.any(String),
      userAgent: 'TestBrowser/1.0',
      pushService: '93.184.215.14',
      createdAt: expect.any(String),
    });
    const row = await gw.database.db.pushSubscription.findUniqueOrThrow({ where: { id: made.body.id } });
    expect(row.keysEnvelope).not.toContain(body.keys.auth);
    expect(row.keysEnvelope).not.toContain(body.keys.p256dh);
    expect((await http.call('GET', '/v1/notifications/push/devices', as('bob'))).body.devices).toEqual([]);
    expect((await http.call('GET', '/v1/notifications/push/devices', as('alice'))).body.devices).toEqual([
      made.body,
    ]);
    // The same browser subscribing again replaces its row (one endpoint, one device).
    const again = await http.call('POST', '/v1/notifications/push/devices', {
      ...as('alice'),
      body: { ...body, keys: browserKeys() },
    });
    expect(again.status).toBe(201);
    expect((await http.call('GET', '/v1/notifications/push/devices', as('alice'))).body.devices).toHaveLength(
      1,
    );
    expect(
      (await http.call('DELETE', `/v1/notifications/push/devices/${again.body.id}`, as('bob'))).status,
    ).toBe(404);
    expect(
      (await http.call('DELETE', `/v1/notifications/push/devices/${again.body.id}`, as('alice'))).status,
    ).toBe(204);
    expect((await http.call('GET', '/v1/notifications/push/devices', as('alice'))).body.devices).toEqual([]);
    // Each change is audited (who, what), never the endpoint or keys.
    const changes = (await gw.auditEvents()).filter(
      (event): event is AuditEventOf<'notification.settings_changed'> =>
        event.type === 'notification.settings_changed' && event.payload.target === 'push_device',
    );
    expect(changes.map((event) => [event.payload.id, event.payload.action]).sort()).toEqual(
      [
        [made.body.id, 'created'],
        [again.body.id, 'created'],
        [again.body.id, 'deleted'],
      ].sort(),
    );
    expect(JSON.stringify(changes)).not.toContain(body.keys.auth);
    expect(JSON.stringify(changes)).not.toContain('/push/alice-phone');
  });
});

describe('email and web_push subscriptions', () => {
  const subscribe = (who: keyof typeof keys, body: object) =>
    http.call('POST', '/v1/notifications/subscriptions', { ...as(who), body });

  it('go to the user’s own address and browsers: no endpoint to name', async () => {
    const email = await subscribe('alice', { channel: 'email', kinds: ['copy_failed', 'daily_summary'] });
    expect(email.status).toBe(201);
    expect(email.body).toMatchObject({
      channel: 'email',
      endpointId: null,
      kinds: ['copy_failed', 'daily_summary'],
    });
    const push = await subscribe('alice', { channel: 'web_push', kinds: ['risk_exit'] });
    expect(push.status).toBe(201);
    expect(push.body).toMatchObject({ channel: 'web_push', endpointId: null });
    const named = await subscribe('alice', {
      channel: 'email',
      endpointId: '00000000-0000-4000-8000-000000000001',
      kinds: ['copy_failed'],
    });
    expect(named.status).toBe(400);
    expect(named.body.issues).toEqual([
      {
        field: 'body.endpointId',
        message: 'a email subscription has no endpoint (it goes to your own account email)',
      },
    ]);
    const webhook = await subscribe('alice', { channel: 'webhook', kinds: ['copy_failed'] });
    expect(webhook.status).toBe(400);
    expect(webhook.body.issues).toEqual([
      { field: 'body.endpointId', message: 'a webhook subscription needs an endpointId' },
    ]);
  });

  it('refuses web_push and devices when the server has no VAPID key', async () => {
    bare = await startTestGateway();
    const bareHttp = httpClient(bare.url);
    const user = await bare.seedUser('client');
    const apiKey = (await issueApiKey(bare.database.db, user.id, 'x')).key;
    expect((await bareHttp.call('GET', '/v1/notifications/push/key', { apiKey })).body).toEqual({
      publicKey: null,
    });
    const sub = await bareHttp.call('POST', '/v1/notifications/subscriptions', {
      apiKey,
      body: { channel: 'web_push', kinds: ['risk_exit'] },
    });
    expect(sub.status).toBe(400);
    expect(sub.body.issues).toEqual([
      { field: 'body.channel', message: 'Web Push is not configured on this server' },
    ]);
    const dev = await bareHttp.call('POST', '/v1/notifications/push/devices', { apiKey, body: device('z') });
    expect(dev.status).toBe(400);
  });
});

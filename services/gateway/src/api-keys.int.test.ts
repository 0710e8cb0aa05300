import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let admin: Credentials;
let alice: { id: string; email: string };
let bob: { id: string; email: string };
let aliceKey: string;
let bobKey: string;

async function createKey(credentials: Credentials, body: object) {
  return http.call('POST', '/v1/api-keys', { ...credentials, body });
}

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  const adminUser = await gw.seedUser('admin', password);
  admin = await http.login(adminUser.email, password);
  alice = await gw.seedUser('client', password);
  bob = await gw.seedUser('client', password);
  aliceKey = (await createKey(admin, { name: 'alice bot', userId: alice.id })).body.key;
  bobKey = (await createKey(admin, { name: 'bob bot', userId: bob.id })).body.key;
});
afterAll(async () => {
  await gw?.stop();
});

describe('API keys', () => {
  it('shows the full key once, stores only the SHA-256 of its secret and the prefix', async () => {
    const created = await createKey({ apiKey: aliceKey }, { name: 'second' });
    expect(created.status).toBe(201);
    const { key, prefix, id, userId } = created.body;
    expect(key).toMatch(/^ct_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`ct_${prefix}_`)).toBe(true);
    expect(userId).toBe(alice.id);
    const row = await gw.database.db.apiKey.findUniqueOrThrow({ where: { id } });
    const secret = key.slice(`ct_${prefix}_`.length);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(secret);
    const shown = await http.call('GET', `/v1/api-keys/${id}`, { apiKey: aliceKey });
    expect(shown.status).toBe(200);
    expect(shown.body).not.toHaveProperty('key');
    expect(shown.body).not.toHaveProperty('secretHash');
    expect(shown.text).not.toContain(secret);
  });

  it('authenticates by key, updates its last-used time, and needs no CSRF token', async () => {
    const created = await createKey({ apiKey: aliceKey }, { name: 'fresh' });
    const { id, key } = created.body;
    expect(created.body.lastUsedAt).toBeNull();
    const me = await http.call('GET', '/v1/me', { apiKey: key });
    expect(me.body).toEqual({ user: expect.objectContaining({ id: alice.id }), authenticatedBy: 'api_key' });
    const row = await gw.database.db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(Date.now() - row.lastUsedAt!.getTime()).toBeLessThan(10_000);
  });

  it('refuses a revoked key, a wrong secret, a malformed key and no credentials', async () => {
    const { id, key, prefix } = (await createKey({ apiKey: aliceKey }, { name: 'doomed' })).body;
    expect((await http.call('GET', '/v1/me', { apiKey: key })).status).toBe(200);
    const revoked = await http.call('DELETE', `/v1/api-keys/${id}`, { apiKey: aliceKey });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    for (const apiKey of [key, `ct_${prefix}_${'A'.repeat(43)}`, 'ct_nope', `${key}x`]) {
      const answer = await http.call('GET', '/v1/me', { apiKey });
      expect(answer.status, apiKey).toBe(401);
      expect(answer.body).toEqual({ error: 'unauthorized', message: 'log in or send an API key' });
    }
    expect((await http.call('GET', '/v1/me')).status).toBe(401);
    expect((await http.call('GET', '/v1/api-keys')).status).toBe(401);
  });

  it('lists only the caller’s keys to a client, everyone’s to an admin', async () => {
    const mine = await http.call('GET', '/v1/api-keys', { apiKey: bobKey });
    expect(mine.status).toBe(200);
    expect(mine.body.apiKeys.map((k: { userId: string }) => k.userId)).toEqual([bob.id]);
    expect(mine.text).not.toContain('secretHash');
    const theirs = await http.call('GET', `/v1/api-keys?userId=${alice.id}`, { apiKey: bobKey });
    expect(theirs.status).toBe(403);
    const all = await http.call('GET', '/v1/api-keys', admin);
    const owners = new Set(all.body.apiKeys.map((k: { userId: string }) => k.userId));
    expect(owners).toEqual(new Set([alice.id, bob.id]));
    const filtered = await http.call('GET', `/v1/api-keys?userId=${bob.id}`, admin);
    expect(filtered.body.apiKeys).toHaveLength(1);
  });

  it('does not let a client read, revoke or create another client’s keys (no BOLA)', async () => {
    const alices = (await http.call('GET', '/v1/api-keys', { apiKey: aliceKey })).body.apiKeys;
    const target = alices[0].id;
    expect((await http.call('GET', `/v1/api-keys/${target}`, { apiKey: bobKey })).status).toBe(404);
    expect((await http.call('DELETE', `/v1/api-keys/${target}`, { apiKey: bobKey })).status).toBe(404);
    expect((await gw.database.db.apiKey.findUniqueOrThrow({ where: { id: target } })).revokedAt).toBeNull();
    const forged = await createKey({ apiKey: bobKey }, { name: 'x', userId: alice.id });
    expect(forged.status).toBe(403);
    expect(await gw.database.db.apiKey.count({ where: { userId: alice.id, name: 'x' } })).toBe(0);
  });

  it('lets an admin revoke anyone’s key and an operator see but not revoke it', async () => {
    const operator = await gw.seedUser('operator', password);
    const operatorKey = (await createKey(admin, { name: 'ops', userId: operator.id })).body.key;
    const { id } = (await createKey({ apiKey: bobKey }, { name: 'bob spare' })).body;
    expect((await http.call('GET', `/v1/api-keys/${id}`, { apiKey: operatorKey })).status).toBe(200);
    expect((await http.call('DELETE', `/v1/api-keys/${id}`, { apiKey: operatorKey })).status).toBe(403);
    const byAdmin = await http.call('DELETE', `/v1/api-keys/${id}`, admin);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.revokedAt).not.toBeNull();
  });

  it('answers 400 naming the field, and 404 for an unknown key', async () => {
    const noName = await createKey({ apiKey: aliceKey }, {});
    expect(noName.status).toBe(400);
    expect(noName.body.issues).toEqual([{ field: 'body.name', message: expect.any(String) }]);
    const extra = await createKey({ apiKey: aliceKey }, { name: 'x', admin: true });
    expect(extra.status).toBe(400);
    expect(extra.body.issues).toEqual([{ field: 'body.admin', message: 'unknown field' }]);
    const badId = await http.call('GET', '/v1/api-keys/not-a-uuid', { apiKey: aliceKey });
    expect(badId.status).toBe(400);
    expect(badId.body.issues[0].field).toBe('params.id');
    const badQuery = await http.call('GET', '/v1/api-keys?userId=7', { apiKey: aliceKey });
    expect(badQuery.body.issues[0].field).toBe('querystring.userId');
    const unknown = await http.call('DELETE', '/v1/api-keys/00000000-0000-4000-8000-000000000000', {
      apiKey: aliceKey,
    });
    expect(unknown.status).toBe(404);
    expect(
      (await createKey(admin, { name: 'x', userId: '00000000-0000-4000-8000-000000000000' })).status,
    ).toBe(404);
  });

  it('refuses the keys of a disabled user', async () => {
    const carol = await gw.seedUser('client');
    const key = (await createKey(admin, { name: 'carol', userId: carol.id })).body.key;
    expect((await http.call('GET', '/v1/me', { apiKey: key })).status).toBe(200);
    expect((await http.call('POST', `/v1/users/${carol.id}/disable`, admin)).status).toBe(200);
    expect((await http.call('GET', '/v1/me', { apiKey: key })).status).toBe(401);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let adminUser: { id: string; email: string };
let admin: Credentials;
let operator: Credentials;
let alice: { id: string; email: string };
let aliceSession: Credentials;
let bob: { id: string; email: string };

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  adminUser = await gw.seedUser('admin', password);
  admin = await http.login(adminUser.email, password);
  operator = await http.login((await gw.seedUser('operator', password)).email, password);
  alice = await gw.seedUser('client', password);
  aliceSession = await http.login(alice.email, password);
  bob = await gw.seedUser('client', password);
});
afterAll(async () => {
  await gw?.stop();
});

describe('users', () => {
  it('lets an admin create a user (no password hash in the answer) who can then log in', async () => {
    const created = await http.call('POST', '/v1/users', {
      ...admin,
      body: { email: 'New@Example.com', name: ' New ', role: 'operator', password: 'another good password' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'new@example.com',
      name: 'New',
      role: 'operator',
      disabled: false,
      createdAt: expect.any(String),
    });
    expect(created.text).not.toMatch(/scrypt|passwordHash|another good password/);
    const login = await http.call('POST', '/auth/login', {
      body: { email: 'new@example.com', password: 'another good password' },
    });
    expect(login.status).toBe(200);
    const again = await http.call('POST', '/v1/users', {
      ...admin,
      body: { email: 'new@example.com', name: 'x' },
    });
    expect(again.status).toBe(409);
  });

  it('answers 400 naming each bad field', async () => {
    const answer = await http.call('POST', '/v1/users', {
      ...admin,
      body: { email: 'not an email', name: '', role: 'root', password: 'short' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'body.email',
      'body.name',
      'body.password',
      'body.role',
    ]);
    expect(answer.body.message).toContain('body.password: must be at least 12 characters');
  });

  it('refuses user management to operators and clients (403) and to nobody (401)', async () => {
    const body = { email: 'x@example.com', name: 'x' };
    expect((await http.call('POST', '/v1/users', { ...operator, body })).status).toBe(403);
    expect((await http.call('POST', '/v1/users', { ...aliceSession, body })).status).toBe(403);
    expect((await http.call('POST', '/v1/users', { body })).status).toBe(401);
    expect((await http.call('POST', `/v1/users/${bob.id}/disable`, operator)).status).toBe(403);
    expect((await http.call('POST', `/v1/users/${bob.id}/disable`, aliceSession)).status).toBe(403);
    expect((await http.call('GET', '/v1/users', aliceSession)).status).toBe(403);
    expect(await gw.database.db.user.count({ where: { email: 'x@example.com' } })).toBe(0);
  });

  it('lists every user to operators and admins', async () => {
    for (const who of [admin, operator]) {
      const list = await http.call('GET', '/v1/users', who);
      expect(list.status).toBe(200);
      const ids = list.body.users.map((u: { id: string }) => u.id);
      expect(ids).toEqual(expect.arrayContaining([alice.id, bob.id, adminUser.id]));
      expect(list.text).not.toContain('scrypt');
    }
  });

  it('lets a client read and rename only itself (another user reads as not found)', async () => {
    expect((await http.call('GET', `/v1/users/${alice.id}`, aliceSession)).body.id).toBe(alice.id);
    expect((await http.call('GET', `/v1/users/${bob.id}`, aliceSession)).status).toBe(404);
    const renameBob = await http.call('PATCH', `/v1/users/${bob.id}`, {
      ...aliceSession,
      body: { name: 'pwned' },
    });
    expect(renameBob.status).toBe(404);
    expect((await gw.database.db.user.findUniqueOrThrow({ where: { id: bob.id } })).name).not.toBe('pwned');
    const renamed = await http.call('PATCH', `/v1/users/${alice.id}`, {
      ...aliceSession,
      body: { name: 'Alice' },
    });
    expect(renamed.body.name).toBe('Alice');
    const promote = await http.call('PATCH', `/v1/users/${alice.id}`, {
      ...aliceSession,
      body: { role: 'admin' },
    });
    expect(promote.status).toBe(403);
    expect((await gw.database.db.user.findUniqueOrThrow({ where: { id: alice.id } })).role).toBe('client');
    expect((await http.call('PATCH', `/v1/users/${alice.id}`, { ...aliceSession, body: {} })).status).toBe(
      400,
    );
  });

  it('lets an admin change a role, and answers 404 for an unknown user', async () => {
    const changed = await http.call('PATCH', `/v1/users/${bob.id}`, { ...admin, body: { role: 'operator' } });
    expect(changed.body.role).toBe('operator');
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await http.call('GET', `/v1/users/${nobody}`, admin)).status).toBe(404);
    expect((await http.call('PATCH', `/v1/users/${nobody}`, { ...admin, body: { name: 'x' } })).status).toBe(
      404,
    );
    expect((await http.call('POST', `/v1/users/${nobody}/disable`, admin)).status).toBe(404);
    expect((await http.call('GET', '/v1/users/nope', admin)).body.issues[0].field).toBe('params.id');
  });

  it('disables a user (an admin cannot disable itself)', async () => {
    const carol = await gw.seedUser('client');
    const disabled = await http.call('POST', `/v1/users/${carol.id}/disable`, admin);
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await http.call('POST', `/v1/users/${adminUser.id}/disable`, admin)).status).toBe(409);
  });

  it('shows the caller itself at /v1/me', async () => {
    const me = await http.call('GET', '/v1/me', operator);
    expect(me.status).toBe(200);
    expect(me.body.user.role).toBe('operator');
    expect(me.body.authenticatedBy).toBe('session');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let admin: { id: string; email: string };
let client: { id: string; email: string };

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  admin = await gw.seedUser('admin', password);
  client = await gw.seedUser('client', password);
});
afterAll(async () => {
  await gw?.stop();
});

describe('browser login', () => {
  it('sets a signed, http-only, SameSite=Strict session cookie and a readable CSRF cookie', async () => {
    const { answer, csrfToken } = await http.login(admin.email, password);
    expect(answer.body.user).toMatchObject({ id: admin.id, role: 'admin', disabled: false });
    const [session, csrf] = answer.headers.getSetCookie();
    expect(session).toMatch(/^ct_session=[^;]+\.[^;]+;/); // value.signature
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Strict/);
    expect(session).toMatch(/Max-Age=28800/);
    expect(csrf).toMatch(new RegExp(`^ct_csrf=${csrfToken};`));
    expect(csrf).not.toMatch(/HttpOnly/);
  });

  it('marks the cookies Secure unless told not to', async () => {
    const secure = await startTestGateway({ COOKIE_SECURE: 'true' });
    try {
      const user = await secure.seedUser('client', password);
      const { answer } = await httpClient(secure.url).login(user.email, password);
      for (const cookie of answer.headers.getSetCookie()) expect(cookie).toMatch(/; Secure/);
    } finally {
      await secure.stop();
    }
  });

  it('refuses a wrong password, an unknown email and a user without a password alike', async () => {
    const keyOnly = await gw.seedUser('client');
    for (const body of [
      { email: admin.email, password: 'wrong password!' },
      { email: 'nobody@example.com', password },
      { email: keyOnly.email, password },
    ]) {
      const answer = await http.call('POST', '/auth/login', { body });
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: 'unauthorized', message: 'wrong email or password' });
      expect(answer.headers.getSetCookie()).toEqual([]);
    }
  });

  it('answers 400 naming the field for a malformed login', async () => {
    const answer = await http.call('POST', '/auth/login', { body: { email: admin.email } });
    expect(answer.status).toBe(400);
    expect(answer.body.issues).toEqual([{ field: 'body.password', message: expect.any(String) }]);
  });

  it('refuses a cookie-authenticated write without the CSRF token and accepts it with the token', async () => {
    const { cookie, csrfToken } = await http.login(admin.email, password);
    const body = { email: 'csrf@example.com', name: 'Csrf' };
    const without = await http.call('POST', '/v1/users', { cookie, body });
    expect(without.status).toBe(403);
    expect(without.body.error).toBe('csrf');
    const wrong = await http.call('POST', '/v1/users', { cookie, csrfToken: `${csrfToken}x`, body });
    expect(wrong.status).toBe(403);
    expect(await gw.database.db.user.count({ where: { email: 'csrf@example.com' } })).toBe(0);
    const withToken = await http.call('POST', '/v1/users', { cookie, csrfToken, body });
    expect(withToken.status).toBe(201);
    // Reads need no token.
    expect((await http.call('GET', '/v1/me', { cookie })).status).toBe(200);
  });

  it('refuses a tampered or unknown session cookie', async () => {
    const { cookie } = await http.login(client.email, password);
    const [name, value] = cookie.split('; ')[0]!.split('=');
    // A different first character (a fixed 'x' left one cookie in 64 untouched: those starting with x).
    const tampered = `${name}=${value!.startsWith('x') ? 'y' : 'x'}${value!.slice(1)}`;
    expect((await http.call('GET', '/v1/me', { cookie: tampered })).status).toBe(401);
    expect((await http.call('GET', '/v1/me', { cookie: 'ct_session=unsigned' })).status).toBe(401);
  });

  it('reports the session and ends it on logout (which needs the CSRF token)', async () => {
    const { cookie, csrfToken } = await http.login(client.email, password);
    const session = await http.call('GET', '/auth/session', { cookie });
    expect(session.body).toMatchObject({ user: { id: client.id }, csrfToken });
    const me = await http.call('GET', '/v1/me', { cookie });
    expect(me.body).toEqual({ user: expect.objectContaining({ id: client.id }), authenticatedBy: 'session' });
    expect((await http.call('POST', '/auth/logout', { cookie })).status).toBe(403);
    const out = await http.call('POST', '/auth/logout', { cookie, csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/ct_session=;/);
    expect((await http.call('GET', '/v1/me', { cookie })).status).toBe(401);
    expect((await http.call('GET', '/auth/session', { cookie })).status).toBe(401);
  });

  it('keeps sessions in Redis under the prefix, by hash, with an expiry', async () => {
    const { cookie } = await http.login(client.email, password);
    const id = decodeURIComponent(cookie.split('; ')[0]!.split('=')[1]!).split('.')[0]!;
    const keys = await gw.redis.keys(`${gw.prefix}:gateway:session:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join()).not.toContain(id);
    const ttl = await gw.redis.ttl(keys[0]!);
    expect(ttl).toBeGreaterThan(28_000);
    expect(ttl).toBeLessThanOrEqual(28_800);
  });

  it('ends the sessions of a disabled user', async () => {
    const victim = await gw.seedUser('client', password);
    const { cookie } = await http.login(victim.email, password);
    expect((await http.call('GET', '/v1/me', { cookie })).status).toBe(200);
    const adminSession = await http.login(admin.email, password);
    const disabled = await http.call('POST', `/v1/users/${victim.id}/disable`, adminSession);
    expect(disabled.status).toBe(200);
    expect((await http.call('GET', '/v1/me', { cookie })).status).toBe(401);
    expect((await http.call('POST', '/auth/login', { body: { email: victim.email, password } })).status).toBe(
      401,
    );
  });
});

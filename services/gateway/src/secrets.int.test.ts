import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Answer, httpClient } from './testing/http-client.ts';

// Canaries: a password, an API key secret and a session id go through every route that touches
// them; none may come back in a response body or land in a log line.
const adminPassword = 'canary-admin-password-7f3a';
const userPassword = 'canary-user-password-91bc';
let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway({ LOG_LEVEL: 'trace' });
});
afterAll(async () => {
  await gw?.stop();
});

describe('secrets', () => {
  it('never appear in a response body or a log line', async () => {
    const http = httpClient(gw.url);
    const bodies: string[] = [];
    const seen = (answer: Answer) => {
      bodies.push(answer.text);
      return answer;
    };
    const admin = await gw.seedUser('admin', adminPassword);
    const wrong = seen(
      await http.call('POST', '/auth/login', { body: { email: admin.email, password: `${adminPassword}x` } }),
    );
    expect(wrong.status).toBe(401);
    const session = await http.login(admin.email, adminPassword);
    seen(session.answer);
    const sessionId = decodeURIComponent(session.cookie.split('; ')[0]!.split('=')[1]!).split('.')[0]!;
    const created = seen(
      await http.call('POST', '/v1/users', {
        ...session,
        body: { email: 'u@example.com', name: 'U', password: userPassword },
      }),
    );
    expect(created.status).toBe(201);
    const badUser = seen(
      await http.call('POST', '/v1/users', {
        ...session,
        body: { email: 'v@example.com', name: '', password: userPassword },
      }),
    );
    expect(badUser.status).toBe(400);
    const key = seen(await http.call('POST', '/v1/api-keys', { ...session, body: { name: 'k' } }));
    const secret = key.body.key.split('_').slice(2).join('_') as string;
    expect(secret).toHaveLength(43);
    seen(await http.call('GET', '/v1/me', { apiKey: key.body.key }));
    seen(await http.call('GET', '/v1/me', { apiKey: `${key.body.key}x` }));
    seen(await http.call('GET', '/v1/api-keys', { apiKey: key.body.key }));
    seen(await http.call('GET', '/v1/users', session));
    seen(await http.call('GET', '/auth/session', session));
    seen(await http.call('POST', '/auth/logout', session));
    seen(await http.call('GET', '/v1/me', session));

    // The one place a secret may be shown: the key, in the answer that created it.
    const afterCreation = bodies.filter((text) => text !== key.text);
    for (const canary of [adminPassword, userPassword, secret, sessionId]) {
      for (const text of afterCreation) expect(text).not.toContain(canary);
      for (const line of gw.logLines) expect(line).not.toContain(canary);
    }
    expect(key.text).toContain(secret);
    expect(gw.logLines.length).toBeGreaterThan(10);
    // Requests are logged, by path only.
    expect(gw.logLines.join('')).toMatch(/"method":"POST","path":"\/auth\/login","statusCode":200/);
  });
});

import { queueNames } from '@copytrade/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let operator: Credentials;
let client: Credentials;
let operatorKey: string;

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  operator = await http.login((await gw.seedUser('operator', password)).email, password);
  client = await http.login((await gw.seedUser('client', password)).email, password);
  operatorKey = (await http.call('POST', '/v1/api-keys', { ...operator, body: { name: 'ops' } })).body.key;
});
afterAll(async () => {
  await gw?.stop();
});

describe('health', () => {
  it('answers /healthz and /readyz to anyone', async () => {
    expect((await http.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
    const ready = await http.call('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { redis: 'ok', postgres: 'ok' } });
  });

  it('serves /metrics to operators only', async () => {
    expect((await http.call('GET', '/metrics')).status).toBe(401);
    expect((await http.call('GET', '/metrics', client)).status).toBe(403);
    const metrics = await http.call('GET', '/metrics', { apiKey: operatorKey });
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('copytrade_queue_jobs');
    expect(metrics.text).toContain('service="gateway"');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const answer = await http.call('GET', '/v1/nothing-here', operator);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe('not_found');
  });
});

describe('Bull Board at /admin/queues', () => {
  it('shows every queue to an operator logged in through the browser', async () => {
    const page = await http.call('GET', '/admin/queues', operator);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const queues = await http.call('GET', '/admin/queues/api/queues', operator);
    expect(queues.status).toBe(200);
    const names = queues.body.queues.map((q: { name: string }) => q.name).sort();
    expect(names).toEqual(Object.values(queueNames).sort());
  });

  it('refuses nobody (401), a client (403) and an API key (403)', async () => {
    expect((await http.call('GET', '/admin/queues')).status).toBe(401);
    expect((await http.call('GET', '/admin/queues/api/queues')).status).toBe(401);
    expect((await http.call('GET', '/admin/queues', client)).status).toBe(403);
    expect((await http.call('GET', '/admin/queues/api/queues', { apiKey: operatorKey })).status).toBe(403);
  });

  it('takes a write only from its own origin', async () => {
    const path = '/admin/queues/api/queues/pause';
    const crossSite = await http.call('PUT', path, {
      ...operator,
      headers: { origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect((await http.call('PUT', path, operator)).status).toBe(403);
    const sameOrigin = await http.call('PUT', path, { ...operator, headers: { origin: gw.url } });
    expect(sameOrigin.status).toBe(200);
    const { redis, prefix } = gw;
    expect(await redis.hget(`${prefix}:master-fills:meta`, 'paused')).toBe('1');
  });
});

describe('OpenAPI at /docs', () => {
  it('serves the UI and a document built from the route schemas, to a logged-in user', async () => {
    expect((await http.call('GET', '/docs', client)).status).toBeLessThan(400);
    const doc = await http.call('GET', '/docs/json', client);
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const paths = Object.keys(doc.body.paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/v1/me', '/v1/users/', '/v1/users/{id}', '/v1/api-keys/', '/auth/login']),
    );
    expect(paths.some((p) => p.startsWith('/admin/queues'))).toBe(false);
    const create = doc.body.paths['/v1/users/'].post;
    const body = create.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['email', 'name']));
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403']));
    expect(doc.text).not.toContain('passwordHash');
    expect((await http.call('GET', '/docs/json', { apiKey: operatorKey })).status).toBe(200);
  });

  it('refuses without a login', async () => {
    expect((await http.call('GET', '/docs')).status).toBe(401);
    expect((await http.call('GET', '/docs/json')).status).toBe(401);
  });
});

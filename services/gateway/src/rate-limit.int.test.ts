import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey } from './api-keys/api-key-repository.ts';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
const limits = {
  RATE_LIMIT_MAX: '5',
  RATE_LIMIT_IP_MAX: '3',
  RATE_LIMIT_LOGIN_MAX: '2',
  RATE_LIMIT_WINDOW_MS: '60000',
};
let one: TestGateway;
let two: TestGateway;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  one = await startTestGateway(limits);
  two = await startTestGateway(limits, one);
  const user = await one.seedUser('client');
  const other = await one.seedUser('client');
  keyA = (await createApiKey(one.database.db, user.id, 'a')).key;
  keyB = (await createApiKey(one.database.db, other.id, 'b')).key;
});
afterAll(async () => {
  await two?.stop();
  await one?.stop();
});

describe('rate limits', () => {
  it('count per API key across replicas, with the standard headers, then answer 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const gateway = i % 2 === 0 ? one : two;
      const answer = await httpClient(gateway.url).call('GET', '/v1/me', { apiKey: keyA });
      statuses.push(answer.status);
      if (i === 0) {
        expect(answer.headers.get('ratelimit-limit')).toBe('5');
        expect(answer.headers.get('ratelimit-remaining')).toBe('4');
        expect(Number(answer.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
      }
      if (i === 5) {
        expect(answer.body).toEqual({ error: 'rate_limited', message: expect.stringMatching(/retry in/) });
        expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
      }
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    // Another key has its own budget.
    expect((await httpClient(two.url).call('GET', '/v1/me', { apiKey: keyB })).status).toBe(200);
    const keys = await one.redis.keys(`${one.prefix}:gateway:rate-limit:*`);
    expect(keys.length).toBeGreaterThan(0);
  });

  it('count per IP without valid credentials, refused requests included', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const gateway = i % 2 === 0 ? one : two;
      statuses.push((await httpClient(gateway.url).call('GET', '/v1/me', { apiKey: 'ct_bad' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('limit login attempts per IP more tightly', async () => {
    const user = await one.seedUser('client', password);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await httpClient(one.url).call('POST', '/auth/login', {
        body: { email: user.email, password: 'wrong password!' },
      });
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([401, 401, 429]);
  });
});

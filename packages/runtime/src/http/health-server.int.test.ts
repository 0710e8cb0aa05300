import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMetrics } from '../metrics/create-metrics.ts';
import { type HealthServer, startHealthServer } from './health-server.ts';

let server: HealthServer;
let postgresUp = true;

beforeAll(async () => {
  const metrics = createMetrics('test');
  metrics.counter('copytrade_test_total', 'a test counter').inc();
  server = await startHealthServer({
    port: 0,
    host: '127.0.0.1',
    registry: metrics.registry,
    checks: {
      redis: async () => true,
      postgres: async () => {
        if (!postgresUp) throw new Error('connection refused');
      },
    },
  });
});
afterAll(() => server.close());

const get = (path: string) => fetch(`http://127.0.0.1:${server.port}${path}`);

describe('health endpoint', () => {
  it('answers /healthz', async () => {
    expect((await get('/healthz')).status).toBe(200);
  });

  it('is ready only while every dependency answers', async () => {
    postgresUp = true;
    expect((await get('/readyz')).status).toBe(200);
    postgresUp = false;
    const res = await get('/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      checks: { redis: 'ok', postgres: 'failed: connection refused' },
    });
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toContain('copytrade_test_total{service="test"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});

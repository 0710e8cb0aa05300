import { Writable } from 'node:stream';
import { Gauge } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger/create-logger.ts';
import { createMetrics } from '../metrics/create-metrics.ts';
import { type HealthServer, startHealthServer } from './health-server.ts';

// Stands for what a driver error may carry: a host, a user, a path. It must reach the log only.
const canary = 'canary-db.internal:5432 user=svc_7781';
let server: HealthServer;
let postgresUp = true;
let metricsBroken = false;
const logLines: string[] = [];

beforeAll(async () => {
  const metrics = createMetrics('test');
  metrics.counter('copytrade_test_total', 'a test counter').inc();
  // Like the queue-depth gauge when Redis is gone: a collector that fails at scrape time.
  new Gauge({
    name: 'copytrade_test_depth',
    help: 'a gauge read at every scrape',
    registers: [metrics.registry],
    collect() {
      if (metricsBroken) throw new Error(`collector failed at ${canary}`);
    },
  });
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  server = await startHealthServer({
    port: 0,
    host: '127.0.0.1',
    registry: metrics.registry,
    logger: createLogger({ service: 'test', level: 'info', destination }),
    checks: {
      redis: async () => true,
      postgres: async () => {
        if (!postgresUp) throw new Error(`connection refused by ${canary}`);
      },
    },
  });
});
afterAll(() => server.close());

const get = (path: string) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, { signal: AbortSignal.timeout(5_000) });

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
    expect(await res.json()).toEqual({ status: 'not_ready', checks: { redis: 'ok', postgres: 'failed' } });
  });

  it('logs why a check failed instead of returning it', async () => {
    postgresUp = false;
    logLines.length = 0;
    const res = await get('/readyz');
    expect(await res.text()).not.toContain('canary');
    const logged = logLines.map((line) => JSON.parse(line) as { check?: string; err?: { message: string } });
    expect(logged.find((line) => line.check === 'postgres')?.err?.message).toContain(canary);
  });

  it('serves Prometheus metrics', async () => {
    const text = await (await get('/metrics')).text();
    expect(text).toContain('copytrade_test_total{service="test"} 1');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('answers a failing /metrics with a bare 500 and logs the cause', async () => {
    metricsBroken = true;
    logLines.length = 0;
    try {
      const res = await get('/metrics');
      expect(res.status).toBe(500);
      expect(await res.text()).not.toContain('canary');
      expect(logLines.join('\n')).toContain(canary);
    } finally {
      metricsBroken = false;
    }
  });
});

import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { type OtlpReceiver, startOtlpReceiver } from '@copytrade/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '../config/default-urls.ts';
import { createRedis } from '../redis/create-redis.ts';

const redisUrl = process.env.REDIS_URL ?? defaultUrls.redis;
const prefix = `test-${randomBytes(4).toString('hex')}`;
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
  const observer = createRedis(redisUrl, 'worker');
  const keys = await observer.keys(`${prefix}*`);
  if (keys.length > 0) await observer.del(...keys);
  observer.disconnect();
});

/** One job through a kit in a process of its own; which OpenTelemetry modules it loaded. */
function runTracedJob(env: Record<string, string>): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [resolve(import.meta.dirname, 'fixtures/traced-job.ts')], {
      env: {
        PATH: process.env.PATH ?? '',
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: `${prefix}-${randomBytes(2).toString('hex')}`,
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code !== 0) return fail(new Error(`exited ${code}: ${stderr}`));
      done((JSON.parse(stdout.trim().split('\n').at(-1)!) as { otelModules: string[] }).otelModules);
    });
  });
}

describe('tracing in a service process', () => {
  it('is off by default: no OpenTelemetry SDK, exporter, instrumentation or bullmq-otel module is loaded', async () => {
    expect(await runTracedJob({})).toEqual([]);
  });

  it('with an endpoint, exports the trace across the queue hop', async () => {
    const loaded = await runTracedJob({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(loaded.some((url) => url.includes('@opentelemetry/sdk-trace-node'))).toBe(true);
    const root = receiver.spans().find((s) => s.name === 'listener.master_fill');
    expect(root?.service).toBe('traced-job');
    const trace = receiver.trace(root!.traceId);
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const leg = trace.find((s) => s.name === 'executor.leg')!;
    const chain: string[] = [];
    for (
      let at: typeof leg | undefined = leg;
      at;
      at = at.parentSpanId ? byId.get(at.parentSpanId) : undefined
    )
      chain.push(at.name);
    expect(chain).toEqual(['executor.leg', 'process work', 'add work.job', 'listener.master_fill']);
    // Started to the microsecond, not at Date.now()'s whole millisecond as the SDK alone does; the
    // root from the monotonic reading the fixture took when it "saw" the fill.
    expect(trace.filter((s) => !Number.isInteger(s.startMs)).length).toBeGreaterThan(trace.length / 2);
    expect(Number.isInteger(root!.startMs)).toBe(false);
    expect(root!.startMs).toBeLessThan(trace.find((s) => s.name === 'add work.job')!.startMs);
  });

  it('exports protobuf by default, and a refused export does not fail the stop', async () => {
    // The local receiver reads JSON only: it refuses the protobuf body, and the fixture still exits 0.
    const spans = receiver.spans().length;
    const refused = receiver.refused();
    const loaded = await runTracedJob({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    expect(loaded.some((url) => url.includes('exporter-trace-otlp-proto'))).toBe(true);
    expect(receiver.refused()).toBeGreaterThan(refused);
    expect(receiver.spans().length).toBe(spans);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { tracingEnvSchema } from './tracing-env.ts';

describe('tracing settings', () => {
  it('are off when nothing is set', () => {
    expect(tracingEnvSchema.parse({})).toEqual({});
    expect(tracingEnvSchema.parse({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toEqual({});
  });

  it('take an http(s) endpoint and the JSON or protobuf encoding', () => {
    expect(
      tracingEnvSchema.parse({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      }),
    ).toEqual({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
  });

  it('refuse another scheme or encoding, naming the variable', () => {
    const result = tracingEnvSchema.safeParse({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'grpc://jaeger:4317',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
    });
    expect(result.success).toBe(false);
    const message = z.prettifyError(result.error!);
    expect(message).toContain('OTEL_EXPORTER_OTLP_ENDPOINT');
    expect(message).toContain('must be an http:// or https:// URL');
    expect(message).toContain('OTEL_EXPORTER_OTLP_PROTOCOL');
  });
});

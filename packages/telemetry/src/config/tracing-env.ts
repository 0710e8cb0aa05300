import { z } from 'zod';

const httpUrl = z.string().refine((value) => {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL');

/**
 * Tracing is on only where an OTLP endpoint is configured; without one no OpenTelemetry module is
 * loaded at all. The names are OpenTelemetry's own, so the usual deployment settings apply.
 */
export const tracingEnvSchema = z.object({
  /**
   * Base URL of an OTLP/HTTP receiver (Jaeger: `http://jaeger:4318`); spans go to `<url>/v1/traces`.
   * Empty is unset (compose passes `${OTEL_EXPORTER_OTLP_ENDPOINT:-}` through).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.union([z.literal('').transform(() => undefined), httpUrl]).optional(),
  /** Body encoding of the export. @defaultValue 'http/protobuf' */
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json']).optional(),
  /** The trace's `service.name`. @defaultValue the service's own name (the first one, in one process) */
  OTEL_SERVICE_NAME: z.string().min(1).optional(),
});

export type TracingEnv = z.infer<typeof tracingEnvSchema>;

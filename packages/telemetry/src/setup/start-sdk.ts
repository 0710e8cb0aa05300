import { context, propagation, ROOT_CONTEXT, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Telemetry } from 'bullmq';
import { BullMQOtel } from 'bullmq-otel';
import type { TracingEnv } from '../config/tracing-env.ts';
import { installSpanRunner, type SpanRunner, type SpanStart } from '../spans/span-api.ts';
import { copyPathSampler, traceRootAttribute } from './copy-path-sampler.ts';
import { patchLoadedModules } from './patch-loaded-modules.ts';
import { PreciseSpanTimes } from './precise-span-times.ts';

export interface RunningSdk {
  telemetry: Telemetry;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

function exporterFor(endpoint: string, protocol: TracingEnv['OTEL_EXPORTER_OTLP_PROTOCOL']): SpanExporter {
  const url = `${endpoint.replace(/\/+$/, '')}/v1/traces`;
  return (protocol ?? 'http/protobuf') === 'http/json'
    ? new JsonTraceExporter({ url })
    : new ProtobufTraceExporter({ url });
}

function spanRunner(times: PreciseSpanTimes): SpanRunner {
  const tracer = trace.getTracer('copytrade');
  const startOf = ({ epochMs, monotonicMs }: SpanStart) =>
    monotonicMs === undefined ? epochMs : times.epochMsOf(monotonicMs);
  return {
    run(name, attributes, options, fn) {
      const spanOptions = {
        attributes: options.root ? { ...attributes, [traceRootAttribute]: true } : attributes,
        ...(options.root && { root: true }),
        ...(options.startedAt !== undefined && { startTime: startOf(options.startedAt) }),
      };
      return tracer.startActiveSpan(name, spanOptions, async (span) => {
        try {
          return await fn({
            set: (more) => span.setAttributes(more),
            event: (eventName) => span.addEvent(eventName),
          });
        } catch (error) {
          span.setStatus({
            code: SpanStatusCode.ERROR,
            message: error instanceof Error ? error.name : 'error',
          });
          throw error;
        } finally {
          span.end();
        }
      });
    },
    capture() {
      if (trace.getActiveSpan() === undefined) return undefined;
      const carrier: Record<string, string> = {};
      propagation.inject(context.active(), carrier);
      return carrier;
    },
    within(carrier, fn) {
      // Only what the carrier holds: an empty one runs outside any trace.
      return context.with(propagation.extract(ROOT_CONTEXT, carrier), fn);
    },
  };
}

/** Starts this process's one tracer provider, its exporter and the instrumentations. */
export function startSdk(endpoint: string, config: TracingEnv, serviceName: string): RunningSdk {
  const times = new PreciseSpanTimes();
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? serviceName }),
    sampler: copyPathSampler(),
    spanProcessors: [
      // Sub-millisecond start times first: stages between spans are often under a millisecond.
      times,
      new BatchSpanProcessor(exporterFor(endpoint, config.OTEL_EXPORTER_OTLP_PROTOCOL)),
    ],
  });
  // Global context manager (AsyncLocalStorage) and W3C propagator: bullmq-otel carries the context
  // through job options with them.
  provider.register();
  const instrumentations = [
    // Headers are never copied into spans (no `headersToSpanAttributes`): the api-key and signature stay out.
    new UndiciInstrumentation({ requireParentforSpans: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
    new PgInstrumentation({ requireParentSpan: true }),
  ];
  const unload = registerInstrumentations({ instrumentations, tracerProvider: provider });
  patchLoadedModules(instrumentations);
  installSpanRunner(spanRunner(times));
  return {
    telemetry: new BullMQOtel({ tracerName: 'bullmq' }),
    flush: () => provider.forceFlush(),
    async shutdown() {
      installSpanRunner(undefined);
      unload();
      // A collector that is away costs the last spans, never the service's clean stop.
      await provider.shutdown().catch(() => {});
      // So a later start in the same process (a test after a test) registers afresh.
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}

import type { Telemetry } from 'bullmq';
import type { TracingEnv } from '../config/tracing-env.ts';
import type { RunningSdk } from './start-sdk.ts';

export interface Tracing {
  /** BullMQ's `telemetry` option for queues and workers; undefined when tracing is off. */
  telemetry: Telemetry | undefined;
  /** Exports the spans ended so far. */
  flush(): Promise<void>;
  /** This user is done; the last one in the process flushes and stops the SDK. */
  release(): Promise<void>;
}

const off: Tracing = { telemetry: undefined, flush: async () => {}, release: async () => {} };

// One SDK per process: every service started in it (tests, the demo) shares it.
let shared: { sdk: Promise<RunningSdk>; users: number } | undefined;

/**
 * Starts tracing when an OTLP endpoint is configured. Off, it returns at once and imports nothing:
 * the SDK module (and every OpenTelemetry package) is loaded only here, only when on.
 */
export async function enableTracing(config: TracingEnv, serviceName: string): Promise<Tracing> {
  const endpoint = config.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (endpoint === undefined) return off;
  shared ??= {
    sdk: import('./start-sdk.ts').then(({ startSdk }) => startSdk(endpoint, config, serviceName)),
    users: 0,
  };
  const current = shared;
  current.users += 1;
  const sdk = await current.sdk;
  let released = false;
  return {
    telemetry: sdk.telemetry,
    flush: () => sdk.flush(),
    async release() {
      if (released) return;
      released = true;
      current.users -= 1;
      if (current.users > 0) return;
      if (shared === current) shared = undefined;
      await sdk.shutdown();
    },
  };
}

/** Whether this process has loaded the OpenTelemetry SDK (it never does with tracing off). */
export function tracingStarted(): boolean {
  return shared !== undefined;
}

/** Exports every span ended so far in this process (tests and the benchmark read them at once). */
export async function flushTracing(): Promise<void> {
  if (shared !== undefined) await (await shared.sdk).flush();
}

// A local OTLP/HTTP (JSON) receiver: run the services with
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port> OTEL_EXPORTER_OTLP_PROTOCOL=http/json
// and, on SIGINT/SIGTERM, it prints the copy path's stage durations (p50/p90/p99/max) as JSON.
// Usage: node packages/telemetry/src/cli/receive-traces.ts [--port 4318] [--spans spans.json] [--last N]
//        node packages/telemetry/src/cli/receive-traces.ts --read spans.json [--last N]
//   --last N: only the legs of the last N traces with a leg (a benchmark's measured fills, not its warm-up)
//   --read: summarizes spans kept earlier with --spans, and receives nothing
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { legsOfTraces } from '../stages/legs-of-traces.ts';
import { summarizeStages } from '../stages/stage-summary.ts';
import type { TraceSpan } from '../stages/trace-span.ts';
import { startOtlpReceiver } from '../testing/otlp-receiver.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4318' },
    spans: { type: 'string' },
    last: { type: 'string' },
    read: { type: 'string' },
  },
});
const last = values.last === undefined ? undefined : Number(values.last);
if (last !== undefined && !(Number.isInteger(last) && last > 0)) {
  process.stderr.write(`--last takes a whole number of traces above 0, not ${values.last}\n`);
  process.exit(2);
}

function summarize(spans: readonly TraceSpan[]): void {
  const legs = legsOfTraces(spans, last);
  const traces = new Set(spans.map((s) => s.traceId)).size;
  process.stdout.write(`${JSON.stringify({ spans: spans.length, traces, ...summarizeStages(legs) })}\n`);
}

if (values.read !== undefined) {
  summarize(JSON.parse(readFileSync(values.read, 'utf8')) as TraceSpan[]);
} else {
  const receiver = await startOtlpReceiver({ port: Number(values.port) });
  process.stderr.write(`receiving OTLP/HTTP JSON at ${receiver.endpoint}/v1/traces\n`);
  const finish = async () => {
    const spans = receiver.spans();
    await receiver.close();
    if (values.spans) writeFileSync(values.spans, JSON.stringify(spans));
    summarize(spans);
    process.exit(0);
  };
  process.once('SIGINT', () => void finish());
  process.once('SIGTERM', () => void finish());
}

// A local OTLP/HTTP (JSON) receiver: run the services with
//   OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:<port> OTEL_EXPORTER_OTLP_PROTOCOL=http/json
// and, on SIGINT/SIGTERM, it prints the copy path's stage durations (p50/p90/p99/max) as JSON.
// Usage: node packages/telemetry/src/cli/receive-traces.ts [--port 4318] [--spans spans.json]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stageDurations } from '../stages/stage-durations.ts';
import { summarizeStages } from '../stages/stage-summary.ts';
import { startOtlpReceiver } from '../testing/otlp-receiver.ts';

const { values } = parseArgs({
  options: { port: { type: 'string', default: '4318' }, spans: { type: 'string' } },
});
const receiver = await startOtlpReceiver({ port: Number(values.port) });
process.stderr.write(`receiving OTLP/HTTP JSON at ${receiver.endpoint}/v1/traces\n`);

const finish = async () => {
  const spans = receiver.spans();
  await receiver.close();
  if (values.spans) writeFileSync(values.spans, JSON.stringify(spans));
  const traceIds = [...new Set(spans.map((s) => s.traceId))];
  const legs = traceIds.flatMap((id) => stageDurations(spans.filter((s) => s.traceId === id)));
  process.stdout.write(
    `${JSON.stringify({ spans: spans.length, traces: traceIds.length, ...summarizeStages(legs) })}\n`,
  );
  process.exit(0);
};
process.once('SIGINT', () => void finish());
process.once('SIGTERM', () => void finish());

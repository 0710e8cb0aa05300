// What a copy-path span costs per call: a direct call, `withSpan` with tracing off, and with it on
// (a root and a child span, exported in batches to a local receiver).
// Usage: node packages/telemetry/src/cli/span-overhead.ts [--calls 200000]
import { parseArgs } from 'node:util';
import { enableTracing } from '../setup/enable-tracing.ts';
import { startTrace, withSpan } from '../spans/with-span.ts';
import { startOtlpReceiver } from '../testing/otlp-receiver.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '200000' } } });
const calls = Number(values.calls);
const work = async () => 1;

async function nsPerCall(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 10_000; i += 1) await run(); // warm-up
  const started = process.hrtime.bigint();
  for (let i = 0; i < calls; i += 1) await run();
  return Number(process.hrtime.bigint() - started) / calls;
}

// Alternated, best of three each: JIT warm-up and a busy machine move single runs a lot.
let direct = Number.POSITIVE_INFINITY;
let off = Number.POSITIVE_INFINITY;
for (let round = 0; round < 3; round += 1) {
  direct = Math.min(direct, await nsPerCall(work));
  off = Math.min(
    off,
    await nsPerCall(() => withSpan('executor.leg', { 'copytrade.client_order_id': 'c1' }, work)),
  );
}
const receiver = await startOtlpReceiver();
const tracing = await enableTracing(
  { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
  'span-overhead',
);
const on = await nsPerCall(() =>
  startTrace('listener.master_fill', { 'copytrade.fill_id': 'f1' }, () =>
    withSpan('executor.leg', { 'copytrade.client_order_id': 'c1' }, work),
  ),
);
await tracing.release();
await receiver.close();
const us = (ns: number) => Math.round(ns) / 1000;
console.log(
  JSON.stringify({
    calls,
    directUs: us(direct),
    offUs: us(off),
    offExtraNs: Math.round(off - direct),
    onRootAndChildUs: us(on),
  }),
);

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromOtlpJson } from '../stages/from-otlp-json.ts';
import type { TraceSpan } from '../stages/trace-span.ts';

export interface OtlpReceiver {
  /** Base URL for `OTEL_EXPORTER_OTLP_ENDPOINT` (with `OTEL_EXPORTER_OTLP_PROTOCOL=http/json`). */
  endpoint: string;
  /** Every span received so far. */
  spans(): TraceSpan[];
  /** The spans of one trace. */
  trace(traceId: string): TraceSpan[];
  /** Export bodies refused as unreadable (protobuf, or not an export). */
  refused(): number;
  close(): Promise<void>;
}

/**
 * A local OTLP/HTTP receiver for tests and the benchmark: accepts JSON exports on `/v1/traces`
 * and keeps the spans in memory. A body it cannot read is answered 400 (the exporter logs it).
 */
export async function startOtlpReceiver(options: { port?: number } = {}): Promise<OtlpReceiver> {
  const received: TraceSpan[] = [];
  let refused = 0;
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || req.url !== '/v1/traces') {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        received.push(...fromOtlpJson(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } catch (error) {
        refused += 1;
        res.writeHead(400, { 'content-type': 'text/plain' }).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    trace: (traceId) => received.filter((s) => s.traceId === traceId),
    refused: () => refused,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

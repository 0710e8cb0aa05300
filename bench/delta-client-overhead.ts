// Delta client overhead: HMAC signing cost, and the client's per-call cost on top of a bare
// keep-alive HTTP request, both against the in-process simulator. Bounded to a few seconds.
// Run: node bench/delta-client-overhead.ts
// (Relative imports: bench/ has no package.json of its own yet.)
import { Agent, request } from 'node:http';
import { startSimulator } from '../packages/exchange-sim/src/index.ts';
import { DeltaRestClient, RequestSigner } from '../packages/delta-client/src/index.ts';

const phaseMs = 600;
const maxCalls = 20_000;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

function benchSigning(): { opsPerSec: number; nsPerOp: number } {
  const signer = new RequestSigner('bench-key', 'b'.repeat(60));
  const body = JSON.stringify({
    product_id: 27,
    size: 3,
    side: 'buy',
    order_type: 'market_order',
    client_order_id: 'c'.repeat(32),
  });
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < phaseMs) {
    for (let i = 0; i < 1000; i++) signer.signRest('POST', 1_725_865_012 + i, '/v2/orders', '', body);
    ops += 1000;
  }
  const elapsedMs = performance.now() - start;
  return { opsPerSec: Math.round((ops / elapsedMs) * 1000), nsPerOp: Math.round((elapsedMs * 1e6) / ops) };
}

async function latencies(call: () => Promise<unknown>): Promise<{ calls: number; p50: number; p99: number }> {
  for (let i = 0; i < 200; i++) await call();
  const samples: number[] = [];
  const start = performance.now();
  while (performance.now() - start < phaseMs && samples.length < maxCalls) {
    const t0 = performance.now();
    await call();
    samples.push((performance.now() - t0) * 1000);
  }
  samples.sort((a, b) => a - b);
  return {
    calls: samples.length,
    p50: Math.round(percentile(samples, 50)),
    p99: Math.round(percentile(samples, 99)),
  };
}

function rawGet(agent: Agent, url: URL, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
}

const sim = await startSimulator({ rateLimit: { quota: 100_000_000, windowMs: 300_000 } });
const creds = sim.control.createAccount({ balances: { USD: '100000' } });
const client = new DeltaRestClient({
  baseUrl: sim.restUrl,
  apiKey: creds.apiKey,
  apiSecret: creds.apiSecret,
});
const signer = new RequestSigner(creds.apiKey, creds.apiSecret);
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const base = new URL(sim.restUrl);
try {
  const signing = benchSigning();
  const rawPublic = await latencies(() =>
    rawGet(agent, new URL('/v2/settings', base), { 'user-agent': 'bench' }),
  );
  const clientPublic = await latencies(() => client.getServerTime());
  const rawSigned = await latencies(() => {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signer.signRest('GET', timestamp, '/v2/positions', '?product_id=27', '');
    return rawGet(agent, new URL('/v2/positions?product_id=27', base), {
      'user-agent': 'bench',
      'api-key': creds.apiKey,
      timestamp: String(timestamp),
      signature,
    });
  });
  const clientSigned = await latencies(() => client.getPositions({ productId: 27 }));
  console.log(
    JSON.stringify(
      {
        signing,
        publicGetSettings: {
          raw: rawPublic,
          client: clientPublic,
          overheadP50Us: clientPublic.p50 - rawPublic.p50,
        },
        signedGetPositions: {
          raw: rawSigned,
          client: clientSigned,
          overheadP50Us: clientSigned.p50 - rawSigned.p50,
        },
        unit: 'latencies in µs; raw = node:http keep-alive request without validation',
      },
      null,
      2,
    ),
  );
} finally {
  agent.destroy();
  await client.close();
  await sim.stop();
}

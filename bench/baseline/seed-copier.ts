// The copier the seed describes (/work/shared/seed: "real-time-trade-monitor"), kept as the
// benchmark's baseline so the report can say how much faster the platform is than where it started:
// it polls the master's fills over REST every 2 s, copies each new fill to the followers one by one,
// and retries a failed order up to 3 times, sleeping 1 s × attempt in between.
// Usage: node bench/baseline/seed-copier.ts <config.json> — the config names the exchange, the
// master's and the followers' API keys. Prints "ready" once it has seen the master's existing fills.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { signRequest } from '../../packages/exchange-sim/src/index.ts';

const keys = z.object({ apiKey: z.string().min(1), apiSecret: z.string().min(1) });
const configSchema = z.object({
  restUrl: z.string().url(),
  master: keys,
  followers: z.array(keys),
  multiplier: z.number().positive().default(1),
  pollIntervalMs: z.number().int().positive().default(2_000),
  maxRetries: z.number().int().positive().default(3),
});
const fillSchema = z.object({
  id: z.number(),
  product_symbol: z.string(),
  side: z.enum(['buy', 'sell']),
  size: z.number(),
});

const config = configSchema.parse(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')));
type Keys = z.infer<typeof keys>;

async function signed(account: Keys, method: string, path: string, body = ''): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(config.restUrl + path, {
    method,
    headers: {
      'user-agent': 'seed-copier',
      'content-type': 'application/json',
      'api-key': account.apiKey,
      timestamp: String(timestamp),
      signature: signRequest(account.apiSecret, method, timestamp, path, body),
    },
    ...(body ? { body } : {}),
  });
}

async function fetchMasterFills(): Promise<z.infer<typeof fillSchema>[]> {
  const res = await signed(config.master, 'GET', '/v2/fills?page_size=100');
  if (!res.ok) throw new Error(`GET /v2/fills: ${res.status}`);
  const { result } = (await res.json()) as { result: unknown[] };
  return z.array(fillSchema).parse(result).reverse(); // oldest first
}

async function executeTradeOnBroker(follower: Keys, fill: z.infer<typeof fillSchema>): Promise<boolean> {
  const body = JSON.stringify({
    product_symbol: fill.product_symbol,
    size: Math.round(fill.size * config.multiplier),
    side: fill.side,
    order_type: 'market_order',
  });
  for (let attempt = 1; attempt <= config.maxRetries; attempt++) {
    try {
      const res = await signed(follower, 'POST', '/v2/orders', body);
      await res.text();
      if (res.ok) return true;
    } catch {
      // as the seed: any failure is retried
    }
    if (attempt < config.maxRetries) await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
  return false;
}

const seen = new Set<number>();
for (const fill of await fetchMasterFills()) seen.add(fill.id);
process.stdout.write('ready\n');

process.once('SIGTERM', () => process.exit(0));
for (;;) {
  const began = performance.now();
  try {
    for (const fill of await fetchMasterFills()) {
      if (seen.has(fill.id)) continue;
      seen.add(fill.id);
      for (const follower of config.followers) await executeTradeOnBroker(follower, fill);
    }
  } catch (err) {
    process.stderr.write(`seed-copier: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  await new Promise((r) => setTimeout(r, Math.max(0, config.pollIntervalMs - (performance.now() - began))));
}

// Test-only helpers (imported by *.int.test.ts, never by index.ts).
import { type Simulator, type SimulatorOptions, startSimulator } from '@copytrade/exchange-sim';
import { DeltaRestClient } from '../rest/delta-rest-client.ts';
import type { DeltaClientOptions } from '../types/client-options.ts';
import type { DeltaLogger } from '../types/logger.ts';

export interface CapturedLog {
  level: string;
  line: string;
}

/** A pino-like logger that keeps every line as serialised JSON, for secret scans. */
export function captureLogger(): DeltaLogger & { lines: CapturedLog[] } {
  const lines: CapturedLog[] = [];
  const at = (level: string) => (obj: object, msg?: string) => {
    lines.push({ level, line: JSON.stringify({ ...obj, msg }) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface SimAccount {
  userId: number;
  apiKey: string;
  apiSecret: string;
  client: DeltaRestClient;
}

export interface SimHarness {
  sim: Simulator;
  account(options?: Partial<DeltaClientOptions>, balances?: Record<string, string>): SimAccount;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<SimHarness> {
  const sim = await startSimulator(options);
  const clients: DeltaRestClient[] = [];
  return {
    sim,
    account(options = {}, balances = { USD: '100000' }) {
      const creds = sim.control.createAccount({ balances });
      const client = new DeltaRestClient({
        baseUrl: sim.restUrl,
        apiKey: creds.apiKey,
        apiSecret: creds.apiSecret,
        timeoutMs: 2000,
        ...options,
      });
      clients.push(client);
      return { ...creds, client };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      await sim.stop();
    },
  };
}

/** Resolves with the first value `fn` returns that is not undefined, polling on a timer. */
export async function waitFor<T>(fn: () => T | undefined, timeoutMs = 3000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitFor timed out after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

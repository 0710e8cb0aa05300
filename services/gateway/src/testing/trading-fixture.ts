import { type AuditEvent, channels } from '@copytrade/contracts';
import { type Simulator, startSimulator } from '@copytrade/exchange-sim';
import type { Redis } from '@copytrade/runtime';
import { expect } from 'vitest';
import { startTestGateway, type TestGateway } from './gateway-harness.ts';
import { type Credentials, httpClient } from './http-client.ts';

/** A gateway whose only exchange venue is a fresh simulator, and what settings-changed carried. */
export interface TradingFixture {
  gw: TestGateway;
  sim: Simulator;
  /** Every settings-changed message since the start, parsed. */
  settingsChanged: Array<{ accountId?: string; followId?: string }>;
  /** The gateway's API over HTTP. */
  http: ReturnType<typeof httpClient>;
  /** A simulator account's working API key and secret. */
  exchangeKey(): { apiKey: string; apiSecret: string };
  /** A user seeded with `password`, and its session from logging in over HTTP. */
  signedIn(
    role: 'admin' | 'operator' | 'client',
    password: string,
  ): Promise<{ id: string; email: string; session: Credentials }>;
  /** `who` adds a broker account with a fresh working key (`exchangeKey`); its id. */
  addAccount(who: Credentials, label: string, role: 'master' | 'follower'): Promise<string>;
  /** The audit events the gateway queued (nothing consumes them in these tests). */
  auditEvents(): Promise<AuditEvent[]>;
  stop(): Promise<void>;
}

export async function startTradingFixture(env: Record<string, string> = {}): Promise<TradingFixture> {
  const sim = await startSimulator();
  let gw: TestGateway;
  try {
    gw = await startTestGateway({ EXCHANGE_VENUES: `${sim.restUrl}|${sim.wsUrl}`, ...env });
  } catch (error) {
    await sim.stop();
    throw error;
  }
  const subscriber: Redis = gw.redis.duplicate({ enableOfflineQueue: true });
  const settingsChanged: TradingFixture['settingsChanged'] = [];
  subscriber.on('message', (_channel: string, message: string) => settingsChanged.push(JSON.parse(message)));
  await subscriber.subscribe(channels(gw.prefix).settingsChanged);
  const http = httpClient(gw.url);
  const exchangeKey = () => {
    const { apiKey, apiSecret } = sim.control.createAccount({ balances: { USD: '10000' } });
    return { apiKey, apiSecret };
  };
  return {
    gw,
    sim,
    settingsChanged,
    http,
    exchangeKey,
    async signedIn(role, password) {
      const user = await gw.seedUser(role, password);
      return { ...user, session: await http.login(user.email, password) };
    },
    async addAccount(who, label, role) {
      const body = { label, role, baseUrl: sim.restUrl, ...exchangeKey() };
      const answer = await http.call('POST', '/v1/accounts', { ...who, body });
      expect(answer.status, answer.text).toBe(201);
      return answer.body.id;
    },
    auditEvents: () => gw.auditEvents(),
    async stop() {
      subscriber.disconnect();
      await gw.stop();
      await sim.stop();
    },
  };
}

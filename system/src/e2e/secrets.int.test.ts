import { Writable } from 'node:stream';
import { createLogger, keysUnder } from '@copytrade/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueText } from './support/redis-value.ts';
import { type E2eSession, startE2eSession } from './support/e2e-session.ts';

// The canary: every account's API secret is known to the test; after a session with faults (so the
// error paths log too), none of them may appear in any log line, Redis value, database row or
// metrics page, and no log line may carry a request signature.
const SYMBOL = 'BTCUSD';
const lines: string[] = [];
let s: E2eSession;
let metricsPages: string[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  s = await startE2eSession({
    logger: createLogger({ service: 'e2e', level: 'debug', destination }),
    followers: [
      { label: 'one', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'faulty', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'stormy', settings: { mode: 'fixed_lot', lotSize: 1 } },
      { label: 'poor', balance: '1', settings: { mode: 'multiplier', multiplier: '1' } },
      { label: 'rejected', permissions: ['read'], settings: { mode: 'multiplier', multiplier: '1' } },
    ],
    env: { BREAKER_RESET_MS: '200' },
  });
  const order = (label: string) => ({ userId: s.follower(label).simUserId, route: 'POST /v2/orders' });
  s.sim.control.injectFault({ kind: 'drop_response', scope: { ...order('faulty'), count: 1 } });
  s.sim.control.injectFault({ kind: 'http_error', status: 500, scope: { ...order('faulty'), count: 1 } });
  s.sim.control.injectFault({ kind: 'rate_limit_storm', durationMs: 500, scope: order('stormy') });
  await s.trade(SYMBOL, 'buy', 10, '60000');
  await s.settle([SYMBOL], s.followers.slice(0, 3));
  // The master's socket drops: the listener reconnects and gap-fills.
  s.sim.control.injectFault({ kind: 'ws_disconnect', scope: { userId: s.masterSimUserId } });
  s.sim.control.injectFault({ kind: 'http_error', status: 503, scope: { ...order('faulty'), count: 1 } });
  await s.trade(SYMBOL, 'sell', 10, '60100');
  await s.settle([SYMBOL], s.followers.slice(0, 3));
  await s.auditSettled();
  metricsPages = await Promise.all(
    s.system.listeners.map(async (l) => (await fetch(`http://127.0.0.1:${l.healthPort}/metrics`)).text()),
  );
});
afterAll(async () => {
  await s?.close();
});

const secrets = () => [
  { owner: 'master', secret: s.masterCredentials.apiSecret },
  ...s.followers.map((f) => ({ owner: f.label, secret: f.apiSecret })),
];

function expectNoSecret(where: string, text: string): void {
  for (const { owner, secret } of secrets()) {
    expect(text.includes(secret), `${owner}'s secret in ${where}`).toBe(false);
    expect(
      text.includes(Buffer.from(secret).toString('base64')),
      `${owner}'s secret (base64) in ${where}`,
    ).toBe(false);
  }
}

/** Keys named like a signature, at any depth, with a hex SHA-256 HMAC as value. */
function signatures(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) signatures(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (/signature/i.test(k) && typeof v === 'string' && /^[0-9a-f]{64}$/i.test(v)) found.push(`${k}=${v}`);
      signatures(v, found);
    }
  }
  return found;
}

describe('secrets never leave the vault', () => {
  it('ran a session that exercised the error paths', async () => {
    expect(secrets().every((x) => x.secret.length >= 16)).toBe(true);
    expect(lines.length).toBeGreaterThan(50);
    const levels = new Set(lines.map((l) => (JSON.parse(l) as { level: number }).level));
    expect(levels.has(20) && levels.has(40)).toBe(true); // debug and warnings were both captured
    const intents = await s.db.orderIntent.findMany({ select: { state: true } });
    expect(new Set(intents.map((i) => i.state))).toEqual(new Set(['accepted', 'resolved', 'rejected']));
  });

  it('keeps every secret out of every log line, with no signature logged', () => {
    expectNoSecret('logs', lines.join('\n'));
    const signed = lines.flatMap((l) => signatures(JSON.parse(l)));
    expect(signed).toEqual([]);
  });

  it('keeps every secret out of Redis', async () => {
    const keys = await keysUnder(s.redis, s.prefix);
    expect(keys.length).toBeGreaterThan(10);
    let all = '';
    for (const key of keys) {
      const text = `${key}\n${await valueText(s.redis, key)}`;
      expectNoSecret(`redis ${key}`, text);
      all += text;
    }
    // The dump does see the values: job payloads name the master by its account id.
    expect(all).toContain(s.masterAccountId);
  });

  it('keeps every secret out of every table, and seals the one that must be stored', async () => {
    const tables = await s.db.$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE'`,
      s.database.schema,
    );
    const names = tables.map((t) => t.table_name);
    for (const expected of ['audit_log', 'order_intents', 'copy_trades', 'trade_history', 'master_fills'])
      expect(names).toContain(expected);
    for (const table of names) {
      const [row] = await s.db.$queryRawUnsafe<{ text: string | null }[]>(
        `SELECT string_agg(t::text, E'\\n') AS text FROM "${s.database.schema}"."${table}" t`,
      );
      expectNoSecret(`table ${table}`, row?.text ?? '');
      // The dump does see every column: the API keys (not secret) are there in the clear.
      if (table === 'broker_accounts') for (const f of s.followers) expect(row?.text).toContain(f.apiKey);
    }
    const accounts = await s.db.brokerAccount.findMany({ select: { apiKey: true, secretEnvelope: true } });
    expect(accounts).toHaveLength(secrets().length);
    for (const a of accounts) expect(a.secretEnvelope.length).toBeGreaterThan(0);
    expectNoSecret('broker_accounts.secret_envelope', accounts.map((a) => a.secretEnvelope).join('\n'));
  });

  it("keeps every secret out of the listeners' metrics", () => {
    expect(metricsPages.length).toBeGreaterThan(0);
    for (const page of metricsPages) {
      expect(page).toContain('copytrade_master_fills_total');
      expectNoSecret('listener /metrics', page);
    }
  });
});

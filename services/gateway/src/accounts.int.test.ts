import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTradingFixture, type TradingFixture } from './testing/trading-fixture.ts';
import { type Answer, type Credentials, httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
const nobody = '00000000-0000-4000-8000-000000000000';
let fx: TradingFixture;
let http: ReturnType<typeof httpClient>;
let operator: Credentials;
let alice: { id: string; email: string };
let aliceSession: Credentials;
let bobSession: Credentials;

beforeAll(async () => {
  fx = await startTradingFixture({ LOG_LEVEL: 'trace' });
  http = httpClient(fx.gw.url);
  operator = await http.login((await fx.gw.seedUser('operator', password)).email, password);
  alice = await fx.gw.seedUser('client', password);
  aliceSession = await http.login(alice.email, password);
  bobSession = await http.login((await fx.gw.seedUser('client', password)).email, password);
});
afterAll(async () => {
  await fx?.stop();
});

function accountBody(extra: Record<string, unknown> = {}) {
  return { label: 'main', role: 'follower', baseUrl: fx.sim.restUrl, ...fx.exchangeKey(), ...extra };
}

describe('broker accounts', () => {
  it('adds an account whose key the exchange accepts: secret sealed, never shown, change published', async () => {
    const body = accountBody({ label: 'Alice main', baseUrl: `${fx.sim.restUrl}/` });
    const created = await http.call('POST', '/v1/accounts', { ...aliceSession, body });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      userId: alice.id,
      label: 'Alice main',
      role: 'follower',
      baseUrl: fx.sim.restUrl,
      wsUrl: fx.sim.wsUrl,
      apiKeyLast4: body.apiKey.slice(-4),
      status: 'active',
      pauseMode: 'close_only',
    });
    expect(created.text).not.toContain(body.apiSecret);
    expect(created.text).not.toContain(body.apiKey);
    const row = await fx.gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id: created.body.id } });
    expect(row.secretEnvelope).not.toContain(body.apiSecret);
    expect(row.apiKey).toBe(body.apiKey);
    await vi.waitFor(() => expect(fx.settingsChanged).toContainEqual({ accountId: created.body.id }));
    await vi.waitFor(async () =>
      expect(await fx.auditEvents()).toContainEqual(
        expect.objectContaining({
          type: 'account.changed',
          accountId: created.body.id,
          payload: expect.objectContaining({ actorUserId: alice.id, action: 'created' }),
        }),
      ),
    );
  });

  it('refuses a base URL outside the venues (400 naming it) and a bad key (422), saving nothing', async () => {
    const before = await fx.gw.database.db.brokerAccount.count();
    const elsewhere = await http.call('POST', '/v1/accounts', {
      ...aliceSession,
      body: accountBody({ baseUrl: 'https://evil.example.com' }),
    });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.issues.map((i: { field: string }) => i.field)).toEqual(['body.baseUrl']);
    const badKey = await http.call('POST', '/v1/accounts', {
      ...aliceSession,
      body: accountBody({ apiSecret: 'not-the-secret' }),
    });
    expect(badKey.status).toBe(422);
    expect(badKey.body.error).toBe('exchange_key_refused');
    const missing = await http.call('POST', '/v1/accounts', {
      ...aliceSession,
      body: { label: 'x', role: 'boss', baseUrl: fx.sim.restUrl, apiKey: 'k' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'body.apiSecret',
      'body.role',
    ]);
    expect(await fx.gw.database.db.brokerAccount.count()).toBe(before);
    expect((await http.call('POST', '/v1/accounts', { body: accountBody() })).status).toBe(401);
  });

  it('answers 502 when the exchange cannot be reached, saving nothing', async () => {
    const down = await startTradingFixture({ EXCHANGE_VENUES: 'http://127.0.0.1:9|ws://127.0.0.1:9' });
    try {
      const client = await down.gw.seedUser('client', password);
      const session = await httpClient(down.gw.url).login(client.email, password);
      const answer = await httpClient(down.gw.url).call('POST', '/v1/accounts', {
        ...session,
        body: { label: 'x', role: 'master', baseUrl: 'http://127.0.0.1:9', apiKey: 'k', apiSecret: 's' },
      });
      expect(answer.status).toBe(502);
      expect(answer.body.error).toBe('exchange_unavailable');
      expect(await down.gw.database.db.brokerAccount.count()).toBe(0);
    } finally {
      await down.stop();
    }
  });

  it('lists own accounts to clients and all to operators, with filters and cursor pages', async () => {
    for (const role of ['master', 'follower', 'master']) {
      const answer = await http.call('POST', '/v1/accounts', { ...bobSession, body: accountBody({ role }) });
      expect(answer.status).toBe(201);
    }
    const bobs = await http.call('GET', '/v1/accounts?role=master', bobSession);
    expect(bobs.status).toBe(200);
    expect(bobs.body.accounts).toHaveLength(2);
    expect(bobs.body.accounts.every((a: { role: string }) => a.role === 'master')).toBe(true);
    const alices = await http.call('GET', '/v1/accounts', aliceSession);
    expect(alices.body.accounts.every((a: { userId: string }) => a.userId === alice.id)).toBe(true);
    expect((await http.call('GET', `/v1/accounts?userId=${nobody}`, aliceSession)).status).toBe(403);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await http.call(
        'GET',
        `/v1/accounts?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
        operator,
      );
      expect(page.status).toBe(200);
      expect(page.body.accounts.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.accounts.map((a: { id: string }) => a.id));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    const all = await fx.gw.database.db.brokerAccount.findMany({
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    });
    expect(seen).toEqual(all.map((a) => a.id));
    expect((await http.call('GET', '/v1/accounts?cursor=bogus', operator)).status).toBe(400);
    expect((await http.call('GET', '/v1/accounts?status=sleepy', operator)).body.issues[0].field).toBe(
      'querystring.status',
    );
  });

  it('changes label, status, pause mode and rotates the key (verified), publishing each change', async () => {
    const created = await http.call('POST', '/v1/accounts', { ...aliceSession, body: accountBody() });
    const id = created.body.id as string;
    const paused = await http.call('PATCH', `/v1/accounts/${id}`, {
      ...aliceSession,
      body: { label: 'renamed', status: 'paused', pauseMode: 'frozen' },
    });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ label: 'renamed', status: 'paused', pauseMode: 'frozen' });
    const before = await fx.gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id } });
    const refused = await http.call('PATCH', `/v1/accounts/${id}`, {
      ...aliceSession,
      body: { apiKey: 'nope', apiSecret: 'nope' },
    });
    expect(refused.status).toBe(422);
    expect((await fx.gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id } })).secretEnvelope).toBe(
      before.secretEnvelope,
    );
    const half = await http.call('PATCH', `/v1/accounts/${id}`, { ...aliceSession, body: { apiKey: 'k' } });
    expect(half.status).toBe(400);
    expect(half.body.issues[0].field).toBe('body.apiSecret');
    const fresh = fx.exchangeKey();
    const rotated = await http.call('PATCH', `/v1/accounts/${id}`, { ...aliceSession, body: fresh });
    expect(rotated.status).toBe(200);
    expect(rotated.body.apiKeyLast4).toBe(fresh.apiKey.slice(-4));
    expect(rotated.text).not.toContain(fresh.apiSecret);
    const after = await fx.gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id } });
    expect(after.secretEnvelope).not.toBe(before.secretEnvelope);
    await vi.waitFor(async () => {
      const changes = (await fx.auditEvents()).filter(
        (e) => e.type === 'account.changed' && e.accountId === id && e.payload.action === 'updated',
      );
      expect(changes.map((e) => (e.payload as { fields: string[] }).fields)).toEqual(
        expect.arrayContaining([
          ['label', 'pauseMode', 'status'],
          ['apiKey', 'apiSecret'],
        ]),
      );
    });
    expect(fx.settingsChanged.filter((m) => m.accountId === id).length).toBeGreaterThanOrEqual(3);
  });

  it('hides another client’s account on every route that takes an id (404), and 404s unknown ids', async () => {
    const bobs = await http.call('GET', '/v1/accounts', bobSession);
    const bobAccount = bobs.body.accounts[0].id as string;
    expect((await http.call('GET', `/v1/accounts/${bobAccount}`, aliceSession)).status).toBe(404);
    const patch = await http.call('PATCH', `/v1/accounts/${bobAccount}`, {
      ...aliceSession,
      body: { status: 'disabled' },
    });
    expect(patch.status).toBe(404);
    expect(
      (await fx.gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id: bobAccount } })).status,
    ).toBe('active');
    expect((await http.call('GET', `/v1/accounts/${bobAccount}`, operator)).status).toBe(200);
    expect((await http.call('GET', `/v1/accounts/${nobody}`, operator)).status).toBe(404);
    expect((await http.call('GET', '/v1/accounts/nope', operator)).body.issues[0].field).toBe('params.id');
    expect((await http.call('GET', `/v1/accounts/${bobAccount}`)).status).toBe(401);
    const forOther = await http.call('POST', '/v1/accounts', {
      ...aliceSession,
      body: accountBody({ userId: nobody }),
    });
    expect(forOther.status).toBe(403);
  });

  it('never shows an API secret in a response or a log line', async () => {
    const canary = fx.exchangeKey();
    const bodies: string[] = [];
    const created = await http.call('POST', '/v1/accounts', { ...aliceSession, body: accountBody(canary) });
    bodies.push(created.text);
    bodies.push((await http.call('GET', `/v1/accounts/${created.body.id}`, aliceSession)).text);
    bodies.push((await http.call('GET', '/v1/accounts', operator)).text);
    bodies.push(
      (
        await http.call('POST', '/v1/accounts', {
          ...aliceSession,
          body: { ...accountBody(), apiSecret: `${canary.apiSecret}x` },
        })
      ).text,
    );
    bodies.push(
      (
        await http.call('POST', '/v1/accounts', {
          ...aliceSession,
          body: { ...accountBody(canary), role: 'x' },
        })
      ).text,
    );
    const rotatedTo = fx.exchangeKey();
    bodies.push(
      (await http.call('PATCH', `/v1/accounts/${created.body.id}`, { ...aliceSession, body: rotatedTo }))
        .text,
    );
    for (const secret of [canary.apiSecret, rotatedTo.apiSecret]) {
      for (const text of bodies) expect(text).not.toContain(secret);
      for (const line of fx.gw.logLines) expect(line).not.toContain(secret);
    }
    expect(fx.gw.logLines.join('')).toMatch(/"method":"POST","path":"\/v1\/accounts","statusCode":201/);
  });

  it('lists the exchange venues an account may name to any signed-in user, to nobody else', async () => {
    const venues = await http.call('GET', '/v1/venues', aliceSession);
    expect(venues.status).toBe(200);
    expect(venues.body).toEqual({ venues: [{ baseUrl: fx.sim.restUrl, wsUrl: fx.sim.wsUrl }] });
    expect((await http.call('GET', '/v1/venues')).status).toBe(401);
  });

  it('lists the routes in the OpenAPI document', async () => {
    const doc = await http.call('GET', '/docs/json', operator);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/v1/accounts/', '/v1/accounts/{id}', '/v1/venues/']),
    );
    expect(doc.text).not.toContain('secretEnvelope');
  });
});

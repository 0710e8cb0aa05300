import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTradingFixture, type TradingFixture } from './testing/trading-fixture.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';

const password = 'correct horse battery';
const nobody = '00000000-0000-4000-8000-000000000000';
let fx: TradingFixture;
let http: ReturnType<typeof httpClient>;
let operator: Credentials;
let alice: { id: string; email: string };
let aliceSession: Credentials;
let bobSession: Credentials;
let master: string;
let otherMaster: string;
let aliceFollower: string;
let bobFollower: string;

async function addAccount(
  who: Credentials,
  role: 'master' | 'follower',
  label: string = role,
): Promise<string> {
  const body = { label, role, baseUrl: fx.sim.restUrl, ...fx.exchangeKey() };
  const answer = await http.call('POST', '/v1/accounts', { ...who, body });
  expect(answer.status).toBe(201);
  return answer.body.id;
}

beforeAll(async () => {
  fx = await startTradingFixture();
  http = httpClient(fx.gw.url);
  operator = await http.login((await fx.gw.seedUser('operator', password)).email, password);
  alice = await fx.gw.seedUser('client', password);
  aliceSession = await http.login(alice.email, password);
  bobSession = await http.login((await fx.gw.seedUser('client', password)).email, password);
  master = await addAccount(operator, 'master', 'Master desk');
  otherMaster = await addAccount(operator, 'master');
  aliceFollower = await addAccount(aliceSession, 'follower', 'Alice follower');
  bobFollower = await addAccount(bobSession, 'follower');
});
afterAll(async () => {
  await fx?.stop();
});

describe('follows', () => {
  let followId: string;

  it('creates a follow of the caller’s follower account with every setting, publishing the change', async () => {
    const created = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: {
        masterAccountId: master,
        followerAccountId: aliceFollower,
        mode: 'multiplier',
        multiplier: '0.5',
        maxPosition: 20,
        maxNotional: '100000',
        maxDrawdownPct: '25',
        dailyLossLimit: '500',
        symbolAllowList: ['BTCUSD'],
        slippageLimitPct: '0.5',
        slippageAction: 'limit',
        driftPolicy: 'alert',
        driftTolerance: 1,
        maxCorrection: 10,
        maxSignalAgeMs: 5000,
        restingOrderTtlMs: 3000,
        repairReopen: false,
        riskExitFlatten: true,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      masterAccountId: master,
      masterLabel: 'Master desk',
      followerAccountId: aliceFollower,
      followerLabel: 'Alice follower',
      mode: 'multiplier',
      multiplier: '0.5',
      lotSize: null,
      maxDrawdownPct: '25',
      symbolAllowList: ['BTCUSD'],
      symbolDenyList: [],
      slippageAction: 'limit',
      status: 'active',
      endedAt: null,
      unsubscribeMode: null,
    });
    followId = created.body.id;
    await vi.waitFor(() => expect(fx.settingsChanged).toContainEqual({ followId }));
    await vi.waitFor(async () =>
      expect(await fx.auditEvents()).toContainEqual(
        expect.objectContaining({
          type: 'follow.changed',
          payload: expect.objectContaining({ followId, actorUserId: alice.id, action: 'created' }),
        }),
      ),
    );
    const again = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: { masterAccountId: master, followerAccountId: aliceFollower, mode: 'fixed_lot', lotSize: 1 },
    });
    expect(again.status).toBe(409);
  });

  it('refuses bad settings with 400 naming the field, by schema and by copy-engine rules', async () => {
    const base = { masterAccountId: otherMaster, followerAccountId: aliceFollower };
    const schema = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: { ...base, mode: 'martingale', multiplier: 'lots', symbolAllowList: ['btc usd'] },
    });
    expect(schema.status).toBe(400);
    expect(schema.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'body.mode',
      'body.multiplier',
      'body.symbolAllowList.0',
    ]);
    const missing = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: { ...base, mode: 'fixed_lot' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.issues).toEqual([{ field: 'body.lotSize', message: 'lotSize is required' }]);
    const range = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: { ...base, mode: 'balance_percentage', balancePercentage: '150', maxCorrection: 0 },
    });
    expect(range.body.issues.map((i: { field: string }) => i.field).sort()).toEqual([
      'body.balancePercentage',
      'body.maxCorrection',
    ]);
    const roles = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: {
        masterAccountId: aliceFollower,
        followerAccountId: aliceFollower,
        mode: 'fixed_lot',
        lotSize: 1,
      },
    });
    expect(roles.status).toBe(400);
    expect(roles.body.issues[0].field).toBe('body.masterAccountId');
    const patch = await http.call('PATCH', `/v1/follows/${followId}`, {
      ...aliceSession,
      body: { mode: 'capital_allocation' },
    });
    expect(patch.status).toBe(400);
    expect(patch.body.issues[0].field).toBe('body.capitalAllocated');
    expect(
      (await http.call('PATCH', `/v1/follows/${followId}`, { ...aliceSession, body: { status: 'stopped' } }))
        .status,
    ).toBe(400);
    expect(await fx.gw.database.db.follow.count({ where: { masterAccountId: otherMaster } })).toBe(0);
    expect((await fx.gw.database.db.follow.findUniqueOrThrow({ where: { id: followId } })).mode).toBe(
      'multiplier',
    );
  });

  it('changes settings and state: PATCH, pause (close_only) and resume, each published and audited', async () => {
    const changed = await http.call('PATCH', `/v1/follows/${followId}`, {
      ...aliceSession,
      body: { mode: 'fixed_lot', lotSize: 3, multiplier: null, status: 'frozen' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ mode: 'fixed_lot', lotSize: 3, multiplier: null, status: 'frozen' });
    const paused = await http.call('POST', `/v1/follows/${followId}/pause`, aliceSession);
    expect(paused.body.status).toBe('close_only');
    const resumed = await http.call('POST', `/v1/follows/${followId}/resume`, operator);
    expect(resumed.body.status).toBe('active');
    await vi.waitFor(async () => {
      const fields = (await fx.auditEvents())
        .filter(
          (e) =>
            e.type === 'follow.changed' && e.payload.followId === followId && e.payload.action === 'updated',
        )
        .map((e) => (e.payload as { fields: string[] }).fields);
      expect(fields).toEqual(
        expect.arrayContaining([['lotSize', 'mode', 'multiplier', 'status'], ['status']]),
      );
    });
    expect(fx.settingsChanged.filter((m) => m.followId === followId).length).toBeGreaterThanOrEqual(4);
  });

  it('shows why a risk exit made a follow close-only, and drops the exit when the state is set', async () => {
    const db = fx.gw.database.db;
    const at = new Date('2026-12-02T08:00:00.250Z');
    await db.follow.update({
      where: { id: followId },
      data: {
        status: 'close_only',
        riskExitAt: at,
        riskExitReason: 'drawdown_limit',
        riskExitDetail: 'drawdown 12% >= limit 10%',
        riskExitPending: true,
      },
    });
    const riskExit = { at: at.toISOString(), reason: 'drawdown_limit', detail: 'drawdown 12% >= limit 10%' };
    const shown = await http.call('GET', `/v1/follows/${followId}`, aliceSession);
    expect(shown.body).toMatchObject({ status: 'close_only', riskExit });
    // Other changes keep it, and exit-sync's unfinished part with it.
    const edited = await http.call('PATCH', `/v1/follows/${followId}`, {
      ...aliceSession,
      body: { maxCorrection: 7 },
    });
    expect(edited.status).toBe(200);
    expect(edited.body.riskExit).toEqual(riskExit);
    const row = () => db.follow.findUniqueOrThrow({ where: { id: followId } });
    expect((await row()).riskExitPending).toBe(true);
    // Resumed: no longer close-only for that exit, and exit-sync must not flatten it or record the exit later.
    const resumed = await http.call('POST', `/v1/follows/${followId}/resume`, aliceSession);
    expect(resumed.body).toMatchObject({ status: 'active', riskExit: null });
    expect(await row()).toMatchObject({ status: 'active', riskExitAt: null, riskExitPending: false });
    // The exit it dropped is on the trail all the same, under the id exit-sync would have used.
    await vi.waitFor(async () => {
      const exits = (await fx.auditEvents()).filter(
        (e) => e.type === 'risk.exit' && e.payload.followId === followId,
      );
      expect(exits.map((e) => [e.eventId, e.occurredAt, e.payload])).toEqual([
        [
          `risk.exit:${followId}:${at.getTime()}`,
          at.toISOString(),
          {
            followId,
            followerAccountId: aliceFollower,
            reason: 'drawdown_limit',
            detail: 'drawdown 12% >= limit 10%',
            flatten: (await row()).riskExitFlatten,
          },
        ],
      ]);
    });
  });

  it('lists follows by master, follower and status, with cursor pages; clients see only theirs', async () => {
    const bobs = await http.call('POST', '/v1/follows', {
      ...bobSession,
      body: { masterAccountId: master, followerAccountId: bobFollower, mode: 'fixed_lot', lotSize: 1 },
    });
    expect(bobs.status).toBe(201);
    const aliceList = await http.call('GET', '/v1/follows', aliceSession);
    expect(aliceList.body.follows.map((f: { id: string }) => f.id)).toEqual([followId]);
    // A client sees the label of a master it follows (another user's account), not the account itself.
    expect(aliceList.body.follows[0]).toMatchObject({
      masterLabel: 'Master desk',
      followerLabel: 'Alice follower',
    });
    expect((await http.call('GET', `/v1/accounts/${master}`, aliceSession)).status).toBe(404);
    const byMaster = await http.call('GET', `/v1/follows?masterAccountId=${master}&limit=1`, operator);
    expect(byMaster.body.follows).toHaveLength(1);
    expect(byMaster.body.follows[0].id).toBe(bobs.body.id);
    const next = await http.call(
      'GET',
      `/v1/follows?masterAccountId=${master}&limit=1&cursor=${byMaster.body.nextCursor}`,
      operator,
    );
    expect(next.body.follows.map((f: { id: string }) => f.id)).toEqual([followId]);
    expect(next.body.nextCursor).toBeNull();
    const byFollower = await http.call(
      'GET',
      `/v1/follows?followerAccountId=${bobFollower}&status=active`,
      operator,
    );
    expect(byFollower.body.follows.map((f: { id: string }) => f.id)).toEqual([bobs.body.id]);
    expect((await http.call('GET', '/v1/follows?status=stopped', operator)).body.follows).toEqual([]);
    expect((await http.call('GET', '/v1/follows')).status).toBe(401);
  });

  it('hides another client’s follow on every route that takes an id, and its follower account on create', async () => {
    const theirs = (await http.call('GET', '/v1/follows', bobSession)).body.follows[0].id as string;
    const calls: Array<[string, string, unknown?]> = [
      ['GET', `/v1/follows/${theirs}`],
      ['PATCH', `/v1/follows/${theirs}`, { status: 'frozen' }],
      ['POST', `/v1/follows/${theirs}/pause`],
      ['POST', `/v1/follows/${theirs}/resume`],
      ['POST', `/v1/follows/${theirs}/end`, { mode: 'preserve' }],
    ];
    for (const [method, path, body] of calls) {
      expect((await http.call(method, path, { ...aliceSession, body })).status).toBe(404);
      expect((await http.call(method, path.replace(theirs, nobody), { ...operator, body })).status).toBe(404);
      expect((await http.call(method, path, { body })).status).toBe(401);
    }
    const row = await fx.gw.database.db.follow.findUniqueOrThrow({ where: { id: theirs } });
    expect(row.status).toBe('active');
    expect(row.endedAt).toBeNull();
    const steal = await http.call('POST', '/v1/follows', {
      ...aliceSession,
      body: { masterAccountId: otherMaster, followerAccountId: bobFollower, mode: 'fixed_lot', lotSize: 1 },
    });
    expect(steal.status).toBe(404);
    expect((await http.call('GET', '/v1/follows/nope', operator)).body.issues[0].field).toBe('params.id');
  });

  it('ends a follow with its unsubscribe mode: endedAt, status, published; later changes refused', async () => {
    const bad = await http.call('POST', `/v1/follows/${followId}/end`, {
      ...aliceSession,
      body: { mode: 'later' },
    });
    expect(bad.status).toBe(400);
    const ended = await http.call('POST', `/v1/follows/${followId}/end`, {
      ...aliceSession,
      body: { mode: 'close_gracefully' },
    });
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ status: 'close_only', unsubscribeMode: 'close_gracefully' });
    expect(Date.parse(ended.body.endedAt)).toBeGreaterThan(Date.now() - 60_000);
    const row = await fx.gw.database.db.follow.findUniqueOrThrow({ where: { id: followId } });
    expect(row.unsubscribeMode).toBe('close_gracefully');
    expect(row.endedAt).not.toBeNull();
    await vi.waitFor(async () =>
      expect(await fx.auditEvents()).toContainEqual(
        expect.objectContaining({
          type: 'follow.changed',
          payload: expect.objectContaining({ followId, action: 'ended', actorUserId: alice.id }),
        }),
      ),
    );
    expect((await http.call('POST', `/v1/follows/${followId}/resume`, aliceSession)).status).toBe(409);
    expect(
      (
        await http.call('POST', `/v1/follows/${followId}/end`, {
          ...aliceSession,
          body: { mode: 'preserve' },
        })
      ).status,
    ).toBe(409);

    const bobs = (await http.call('GET', '/v1/follows', bobSession)).body.follows[0].id as string;
    const preserved = await http.call('POST', `/v1/follows/${bobs}/end`, {
      ...operator,
      body: { mode: 'preserve' },
    });
    expect(preserved.body).toMatchObject({ status: 'frozen', unsubscribeMode: 'preserve' });
  });

  it('lists the follow routes in the OpenAPI document', async () => {
    const doc = await http.call('GET', '/docs/json', aliceSession);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/follows/',
        '/v1/follows/{id}',
        '/v1/follows/{id}/end',
        '/v1/follows/{id}/pause',
      ]),
    );
  });
});

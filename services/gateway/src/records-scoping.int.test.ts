import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { at, recordSeeder } from './testing/seed-records.ts';

// Two clients, each with a master and a follower account, copying each other; an operator. Every
// list and every route taking an id is read by each of them.
const password = 'correct horse battery';
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let operator: Credentials;
let alice: Credentials;
let bob: Credentials;
const ids: Record<string, string> = {};

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  const seed = recordSeeder(gw.database.db);
  const aliceUser = await gw.seedUser('client', password);
  const bobUser = await gw.seedUser('client', password);
  operator = await http.login((await gw.seedUser('operator', password)).email, password);
  alice = await http.login(aliceUser.email, password);
  bob = await http.login(bobUser.email, password);

  const aliceMaster = await seed.account(aliceUser.id, 'master');
  const aliceFollower = await seed.account(aliceUser.id, 'follower');
  const bobMaster = await seed.account(bobUser.id, 'master');
  const bobFollower = await seed.account(bobUser.id, 'follower');
  Object.assign(ids, { aliceMaster, aliceFollower, bobMaster, bobFollower });

  const f1 = await seed.masterFill(aliceMaster, 'BTCUSD', 1);
  const f2 = await seed.masterFill(aliceMaster, 'ETHUSD', 2);
  const f3 = await seed.masterFill(bobMaster, 'BTCUSD', 3);
  Object.assign(ids, { f1: f1.id, f2: f2.id, f3: f3.id, f1Correlation: f1.correlationId });

  const copy = (
    fill: typeof f1,
    masterAccountId: string,
    followerId: string,
    minutes: number,
    status = 'synced',
  ) =>
    seed.copyTrade({
      correlationId: fill.correlationId,
      masterAccountId,
      followerId,
      status,
      createdAt: at(minutes),
    });
  ids.c1 = await copy(f1, aliceMaster, aliceFollower, 1);
  ids.c2 = await copy(f1, aliceMaster, bobFollower, 1);
  ids.c3 = await copy(f3, bobMaster, bobFollower, 3, 'failed');
  ids.c4 = await copy(f3, bobMaster, aliceFollower, 4);

  const audit = (type: string, fill: typeof f1 | null, accountId: string | null, minutes: number) =>
    seed.audit({ type, correlationId: fill?.correlationId ?? null, accountId, minutes });
  ids.a1 = await audit('master_fill.recorded', f1, aliceMaster, 1);
  ids.a2 = await audit('copy.decided', f1, aliceFollower, 1);
  ids.a3 = await audit('copy.decided', f1, bobFollower, 1);
  ids.a4 = await audit('order.accepted', f1, bobFollower, 2);
  ids.a5 = await audit('order.accepted', f1, aliceFollower, 2);
  ids.a6 = await audit('master_fill.recorded', f3, bobMaster, 3);
  ids.a7 = await audit('copy.decided', f3, bobFollower, 3);
  ids.a8 = await audit('executor.rate_limited', null, null, 5);

  const position = (
    masterAccountId: string,
    followerAccountId: string,
    symbol: string,
    state: string,
    m: number,
  ) => seed.positionSync({ masterAccountId, followerAccountId, symbol, state, createdAt: at(m) });
  ids.p1 = await position(aliceMaster, aliceFollower, 'BTCUSD', 'in_sync', 1);
  ids.p2 = await position(aliceMaster, bobFollower, 'BTCUSD', 'drifting', 2);
  ids.p3 = await position(bobMaster, bobFollower, 'ETHUSD', 'failed', 3);

  ids.ts1 = await seed.tradeSync({
    masterAccountId: aliceMaster,
    followerId: aliceFollower,
    syncStatus: 'pending',
    createdAt: at(1),
  });
  ids.ts2 = await seed.tradeSync({
    masterAccountId: bobMaster,
    followerId: bobFollower,
    syncStatus: 'failed',
    createdAt: at(2),
  });

  ids.th1 = await seed.tradeHistory({
    userId: aliceUser.id,
    accountId: aliceFollower,
    symbol: 'BTCUSD',
    createdAt: at(1),
  });
  ids.th2 = await seed.tradeHistory({
    userId: aliceUser.id,
    accountId: aliceFollower,
    symbol: 'ETHUSD',
    createdAt: at(2),
  });
  ids.th3 = await seed.tradeHistory({
    userId: bobUser.id,
    accountId: bobFollower,
    symbol: 'BTCUSD',
    createdAt: at(3),
  });
});
afterAll(async () => {
  await gw?.stop();
});

const namePrefix: Record<string, string> = {
  masterFills: 'f',
  copyTrades: 'c',
  syncStatus: 'p',
  tradeSyncStatus: 'ts',
  trades: 'th',
  entries: 'a',
};

/** The ids a list answers with, in its order, under the name the test seeded them by. */
async function listed(who: Credentials, path: string, key: string, idField = 'id'): Promise<string[]> {
  const answer = await http.call('GET', path, who);
  expect(answer.status, answer.text).toBe(200);
  expect(answer.body.nextCursor).toBeNull();
  expect(answer.text).not.toContain('canary');
  // Master fill ids and audit seqs are both small numbers: look up among this list's names only.
  const named = Object.entries(ids).filter(([name]) => new RegExp(`^${namePrefix[key]}\\d+$`).test(name));
  const byValue = new Map(named.map(([name, value]) => [value, name]));
  return answer.body[key].map((row: Record<string, string>) => byValue.get(row[idField]!) ?? row[idField]);
}

describe('record lists, scoped to the caller', () => {
  it('master fills: a client its own masters’ fills, an operator all; filters', async () => {
    expect(await listed(alice, '/v1/master-fills', 'masterFills')).toEqual(['f2', 'f1']);
    expect(await listed(bob, '/v1/master-fills', 'masterFills')).toEqual(['f3']);
    expect(await listed(operator, '/v1/master-fills', 'masterFills')).toEqual(['f3', 'f2', 'f1']);
    expect(await listed(operator, '/v1/master-fills?symbol=BTCUSD', 'masterFills')).toEqual(['f3', 'f1']);
    expect(
      await listed(operator, `/v1/master-fills?masterAccountId=${ids.aliceMaster}`, 'masterFills'),
    ).toEqual(['f2', 'f1']);
    const window = `from=${at(2).toISOString()}&to=${encodeURIComponent('2026-01-05T11:03:00+01:00')}`;
    expect(await listed(operator, `/v1/master-fills?${window}`, 'masterFills')).toEqual(['f2']);
    expect(await listed(bob, `/v1/master-fills?masterAccountId=${ids.aliceMaster}`, 'masterFills')).toEqual(
      [],
    );
  });

  it('copy trades: a client those whose follower or master is its own; filters', async () => {
    expect(await listed(alice, '/v1/copy-trades', 'copyTrades')).toEqual(['c4', 'c2', 'c1'].sort(byNewest));
    expect(await listed(bob, '/v1/copy-trades', 'copyTrades')).toEqual(['c4', 'c3', 'c2'].sort(byNewest));
    expect(await listed(operator, '/v1/copy-trades', 'copyTrades')).toEqual(
      ['c4', 'c3', 'c2', 'c1'].sort(byNewest),
    );
    expect(await listed(operator, '/v1/copy-trades?status=failed', 'copyTrades')).toEqual(['c3']);
    expect(
      await listed(operator, `/v1/copy-trades?followerAccountId=${ids.bobFollower}`, 'copyTrades'),
    ).toEqual(['c3', 'c2'].sort(byNewest));
    expect(
      await listed(
        operator,
        `/v1/copy-trades?masterAccountId=${ids.bobMaster}&from=${at(4).toISOString()}`,
        'copyTrades',
      ),
    ).toEqual(['c4']);
    expect(
      await listed(alice, `/v1/copy-trades?followerAccountId=${ids.bobFollower}&symbol=BTCUSD`, 'copyTrades'),
    ).toEqual(['c2']);
    expect(await listed(alice, '/v1/copy-trades?status=failed', 'copyTrades')).toEqual([]);
  });

  it('sync status per position and per order', async () => {
    expect(await listed(alice, '/v1/sync-status', 'syncStatus')).toEqual(['p2', 'p1']);
    expect(await listed(bob, '/v1/sync-status', 'syncStatus')).toEqual(['p3', 'p2']);
    expect(await listed(operator, '/v1/sync-status?state=drifting', 'syncStatus')).toEqual(['p2']);
    expect(await listed(operator, '/v1/sync-status?symbol=ETHUSD', 'syncStatus')).toEqual(['p3']);
    expect(await listed(alice, '/v1/sync-status?symbol=ETHUSD', 'syncStatus')).toEqual([]);
    expect(
      await listed(
        operator,
        `/v1/sync-status?followerAccountId=${ids.bobFollower}&masterAccountId=${ids.aliceMaster}`,
        'syncStatus',
      ),
    ).toEqual(['p2']);
    expect(await listed(alice, '/v1/trade-sync-status', 'tradeSyncStatus')).toEqual(['ts1']);
    expect(await listed(bob, '/v1/trade-sync-status', 'tradeSyncStatus')).toEqual(['ts2']);
    expect(await listed(operator, '/v1/trade-sync-status', 'tradeSyncStatus')).toEqual(['ts2', 'ts1']);
    expect(await listed(operator, '/v1/trade-sync-status?syncStatus=pending', 'tradeSyncStatus')).toEqual([
      'ts1',
    ]);
    expect(
      await listed(operator, `/v1/trade-sync-status?masterAccountId=${ids.bobMaster}`, 'tradeSyncStatus'),
    ).toEqual(['ts2']);
  });

  it('trade history, prices as plain decimal strings', async () => {
    expect(await listed(alice, '/v1/trade-history', 'trades')).toEqual(['th2', 'th1']);
    expect(await listed(bob, '/v1/trade-history', 'trades')).toEqual(['th3']);
    expect(await listed(operator, '/v1/trade-history', 'trades')).toEqual(['th3', 'th2', 'th1']);
    expect(await listed(alice, '/v1/trade-history?symbol=BTCUSD', 'trades')).toEqual(['th1']);
    expect(await listed(alice, `/v1/trade-history?from=${at(2).toISOString()}`, 'trades')).toEqual(['th2']);
    expect(await listed(alice, `/v1/trade-history?accountId=${ids.bobFollower}`, 'trades')).toEqual([]);
    const one = await http.call('GET', '/v1/trade-history?symbol=ETHUSD', alice);
    expect(one.body.trades[0]).toMatchObject({
      symbol: 'ETHUSD',
      price: '0.00000001',
      avgFillPrice: '64999.25',
    });
  });

  it('audit log: a client the rows naming its accounts, an operator all; filters', async () => {
    expect(await listed(alice, '/v1/audit-log', 'entries', 'seq')).toEqual(['a5', 'a2', 'a1']);
    expect(await listed(bob, '/v1/audit-log', 'entries', 'seq')).toEqual(['a7', 'a6', 'a4', 'a3']);
    expect(await listed(operator, '/v1/audit-log', 'entries', 'seq')).toEqual([
      'a8',
      'a7',
      'a6',
      'a5',
      'a4',
      'a3',
      'a2',
      'a1',
    ]);
    expect(await listed(operator, '/v1/audit-log?type=copy.decided', 'entries', 'seq')).toEqual([
      'a7',
      'a3',
      'a2',
    ]);
    const corr = encodeURIComponent(ids.f1Correlation!);
    expect(
      await listed(
        operator,
        `/v1/audit-log?correlationId=${corr}&accountId=${ids.bobFollower}`,
        'entries',
        'seq',
      ),
    ).toEqual(['a4', 'a3']);
    expect(
      await listed(
        operator,
        `/v1/audit-log?from=${at(2).toISOString()}&to=${at(3).toISOString()}`,
        'entries',
        'seq',
      ),
    ).toEqual(['a5', 'a4']);
    expect(await listed(alice, `/v1/audit-log?accountId=${ids.bobFollower}`, 'entries', 'seq')).toEqual([]);
    const entry = (await http.call('GET', '/v1/audit-log?type=executor.rate_limited', operator)).body
      .entries[0];
    expect(Object.keys(entry).sort()).toEqual([
      'accountId',
      'correlationId',
      'createdAt',
      'eventId',
      'hash',
      'occurredAt',
      'payload',
      'prevHash',
      'seq',
      'type',
    ]);
    expect(entry.payload).toEqual({ n: expect.any(Number), nested: { ok: true } });
  });
});

describe('records by id', () => {
  it('a master fill with the copies of its correlation the caller may see', async () => {
    const forAlice = await http.call('GET', `/v1/master-fills/${ids.f1}`, alice);
    expect(forAlice.status).toBe(200);
    expect(forAlice.body).toMatchObject({ id: ids.f1, masterAccountId: ids.aliceMaster, price: '65000.5' });
    expect(forAlice.body.correlationId).toBe(ids.f1Correlation);
    expect(forAlice.body.copies.map((c: { id: string }) => c.id).sort()).toEqual([ids.c1, ids.c2].sort());
    const forOperator = await http.call('GET', `/v1/master-fills/${ids.f3}`, operator);
    expect(forOperator.body.copies.map((c: { id: string }) => c.id).sort()).toEqual([ids.c3, ids.c4].sort());
    // Bob holds a copy of f1, but the fill is of Alice's master account.
    expect((await http.call('GET', `/v1/master-fills/${ids.f1}`, bob)).status).toBe(404);
    expect((await http.call('GET', `/v1/master-fills/${ids.f3}`, alice)).status).toBe(404);
    expect((await http.call('GET', '/v1/master-fills/999999', operator)).status).toBe(404);
  });

  it('a copy trade, to its follower’s and its master’s owners only', async () => {
    const copy = await http.call('GET', `/v1/copy-trades/${ids.c4}`, alice);
    expect(copy.status).toBe(200);
    expect(copy.body).toMatchObject({ followerAccountId: ids.aliceFollower, masterAccountId: ids.bobMaster });
    expect((await http.call('GET', `/v1/copy-trades/${ids.c4}`, bob)).status).toBe(200);
    expect((await http.call('GET', `/v1/copy-trades/${ids.c3}`, alice)).status).toBe(404);
    expect((await http.call('GET', `/v1/copy-trades/${ids.c1}`, bob)).status).toBe(404);
    expect((await http.call('GET', `/v1/copy-trades/${ids.c1}`, operator)).status).toBe(200);
    expect(
      (await http.call('GET', '/v1/copy-trades/00000000-0000-4000-8000-000000000000', operator)).status,
    ).toBe(404);
  });

  it('a copy’s audit trail: its correlation’s rows naming its accounts, in seq order, scoped', async () => {
    const seqs = async (who: Credentials, copyId: string) => {
      const answer = await http.call('GET', `/v1/copy-trades/${copyId}/audit`, who);
      expect(answer.status).toBe(200);
      expect(answer.body.correlationId).toBe(ids.f1Correlation);
      return answer.body.entries.map((e: { seq: string }) => e.seq);
    };
    expect(await seqs(operator, ids.c1!)).toEqual([ids.a1, ids.a2, ids.a5]);
    expect(await seqs(alice, ids.c1!)).toEqual([ids.a1, ids.a2, ids.a5]);
    expect(await seqs(operator, ids.c2!)).toEqual([ids.a1, ids.a3, ids.a4]);
    expect(await seqs(alice, ids.c2!)).toEqual([ids.a1]);
    expect(await seqs(bob, ids.c2!)).toEqual([ids.a3, ids.a4]);
    expect((await http.call('GET', `/v1/copy-trades/${ids.c1}/audit`, bob)).status).toBe(404);
    expect((await http.call('GET', `/v1/copy-trades/${ids.c3}/audit`, alice)).status).toBe(404);
  });
});

// Copies seeded at the same minute tie on createdAt and fall back to id order (descending).
function byNewest(a: string, b: string): number {
  const minute: Record<string, number> = { c1: 1, c2: 1, c3: 3, c4: 4 };
  const d = minute[b]! - minute[a]!;
  if (d !== 0) return d;
  return ids[b]! < ids[a]! ? -1 : 1;
}

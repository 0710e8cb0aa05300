import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/gateway-harness.ts';
import { type Credentials, httpClient } from './testing/http-client.ts';
import { at, recordSeeder } from './testing/seed-records.ts';

// 13 rows in each table, three to a minute (so pages must break ties by id), walked 5 at a time.
const password = 'correct horse battery';
const rowsPerTable = 13;
let gw: TestGateway;
let http: ReturnType<typeof httpClient>;
let alice: Credentials;
let bob: Credentials;
let seed: ReturnType<typeof recordSeeder>;
let master: string;
let follower: string;

interface List {
  path: string;
  key: string;
  id: 'id' | 'seq';
}
const lists: List[] = [
  { path: '/v1/master-fills', key: 'masterFills', id: 'id' },
  { path: '/v1/copy-trades', key: 'copyTrades', id: 'id' },
  { path: '/v1/sync-status', key: 'syncStatus', id: 'id' },
  { path: '/v1/trade-sync-status', key: 'tradeSyncStatus', id: 'id' },
  { path: '/v1/trade-history', key: 'trades', id: 'id' },
  { path: '/v1/audit-log', key: 'entries', id: 'seq' },
];

beforeAll(async () => {
  gw = await startTestGateway();
  http = httpClient(gw.url);
  seed = recordSeeder(gw.database.db);
  const aliceUser = await gw.seedUser('client', password);
  alice = await http.login(aliceUser.email, password);
  bob = await http.login((await gw.seedUser('client', password)).email, password);
  master = await seed.account(aliceUser.id, 'master');
  follower = await seed.account(aliceUser.id, 'follower');
  for (let i = 0; i < rowsPerTable; i += 1) {
    const minute = Math.floor(i / 3);
    const symbol = i % 2 === 0 ? 'BTCUSD' : 'ETHUSD';
    const fill = await seed.masterFill(master, symbol, minute);
    const createdAt = at(minute);
    await seed.copyTrade({
      correlationId: fill.correlationId,
      masterAccountId: master,
      followerId: follower,
      symbol,
      createdAt,
    });
    await seed.positionSync({
      masterAccountId: master,
      followerAccountId: follower,
      symbol,
      state: 'in_sync',
      createdAt,
    });
    await seed.tradeSync({ masterAccountId: master, followerId: follower, syncStatus: 'synced', createdAt });
    await seed.tradeHistory({ userId: aliceUser.id, accountId: follower, symbol, createdAt });
    await seed.audit({
      type: 'copy.decided',
      correlationId: fill.correlationId,
      accountId: follower,
      minutes: minute,
    });
  }
});
afterAll(async () => {
  await gw?.stop();
});

type Row = Record<string, string>;

/** Every page of a list, following `nextCursor` until it is null. */
async function walk(who: Credentials, list: List, query: string): Promise<Row[][]> {
  const pages: Row[][] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const answer = await http.call('GET', `${list.path}?${query}${after}`, who);
    expect(answer.status, answer.text).toBe(200);
    pages.push(answer.body[list.key]);
    cursor = answer.body.nextCursor;
    expect(pages.length).toBeLessThan(10);
  } while (cursor !== null);
  return pages;
}

/** Newest first: by bigint id or seq, else by (createdAt, id), both descending. */
function isNewestFirst(list: List, rows: Row[]): boolean {
  return rows.every((row, i) => {
    if (i === 0) return true;
    const prev = rows[i - 1]!;
    if (list.id === 'seq') return BigInt(prev.seq!) > BigInt(row.seq!);
    if (list.key === 'masterFills') return BigInt(prev.id!) > BigInt(row.id!);
    return prev.createdAt! > row.createdAt! || (prev.createdAt === row.createdAt && prev.id! > row.id!);
  });
}

describe('record pages', () => {
  it.each(lists)('$path: pages of 5 newest first, each row once, none missing', async (list) => {
    const pages = await walk(alice, list, 'limit=5');
    expect(pages.map((page) => page.length)).toEqual([5, 5, 3]);
    const rows = pages.flat();
    expect(new Set(rows.map((row) => row[list.id])).size).toBe(rowsPerTable);
    expect(isNewestFirst(list, rows)).toBe(true);
    const all = await http.call('GET', list.path, alice);
    expect(all.body[list.key].map((row: Row) => row[list.id])).toEqual(rows.map((row) => row[list.id]));
    expect(all.body.nextCursor).toBeNull();
    const exact = await http.call('GET', `${list.path}?limit=${rowsPerTable}`, alice);
    expect(exact.body[list.key]).toHaveLength(rowsPerTable);
    expect(exact.body.nextCursor).toBeNull();
    const none = await http.call('GET', `${list.path}?limit=5`, bob);
    expect(none.body).toEqual({ [list.key]: [], nextCursor: null });
  });

  it('keeps filters across pages', async () => {
    const list = lists[1]!;
    const pages = await walk(alice, list, 'symbol=ETHUSD&limit=2');
    expect(pages.map((page) => page.length)).toEqual([2, 2, 2]);
    expect(pages.flat().every((row) => row.originalSymbol === 'ETHUSD')).toBe(true);
  });

  it('a row written between pages neither repeats nor shifts the later pages', async () => {
    const list = lists[4]!;
    const first = await http.call('GET', `${list.path}?limit=5`, alice);
    const aliceId = (await gw.database.db.brokerAccount.findUniqueOrThrow({ where: { id: follower } }))
      .userId;
    const newer = await seed.tradeHistory({
      userId: aliceId,
      accountId: follower,
      symbol: 'BTCUSD',
      createdAt: at(60),
    });
    let cursor: string | null = first.body.nextCursor;
    const later: Row[] = [];
    while (cursor !== null) {
      const page = await http.call('GET', `${list.path}?limit=5&cursor=${encodeURIComponent(cursor)}`, alice);
      later.push(...page.body.trades);
      cursor = page.body.nextCursor;
    }
    const ids = [...first.body.trades, ...later].map((row: Row) => row.id);
    expect(ids).toHaveLength(rowsPerTable);
    expect(new Set(ids).size).toBe(rowsPerTable);
    expect(ids).not.toContain(newer);
    await gw.database.db.tradeHistory.delete({ where: { id: newer } });
  });
});

describe('bad queries', () => {
  async function badField(path: string): Promise<string[]> {
    const answer = await http.call('GET', path, alice);
    expect(answer.status, `${path} ${answer.text}`).toBe(400);
    expect(answer.body.error).toBe('bad_request');
    return answer.body.issues.map((issue: { field: string }) => issue.field);
  }

  it('answers 400 naming the field', async () => {
    for (const list of lists) {
      expect(await badField(`${list.path}?limit=0`)).toEqual(['querystring.limit']);
      expect(await badField(`${list.path}?limit=201`)).toEqual(['querystring.limit']);
      expect(await badField(`${list.path}?limit=abc`)).toEqual(['querystring.limit']);
      expect(await badField(`${list.path}?cursor=not-a-cursor`)).toEqual(['querystring.cursor']);
      expect(await badField(`${list.path}?nope=1`)).toEqual(['querystring.nope']);
    }
    // A cursor of another list's kind is refused, not misread.
    const fills = await http.call('GET', '/v1/master-fills?limit=1', alice);
    expect(await badField(`/v1/copy-trades?cursor=${fills.body.nextCursor}`)).toEqual(['querystring.cursor']);
    const copies = await http.call('GET', '/v1/copy-trades?limit=1', alice);
    expect(await badField(`/v1/audit-log?cursor=${copies.body.nextCursor}`)).toEqual(['querystring.cursor']);
    expect(await badField('/v1/copy-trades?followerAccountId=nope')).toEqual([
      'querystring.followerAccountId',
    ]);
    expect(await badField('/v1/master-fills?masterAccountId=1')).toEqual(['querystring.masterAccountId']);
    expect(await badField('/v1/sync-status?symbol=btc%20usd')).toEqual(['querystring.symbol']);
    expect(await badField('/v1/trade-history?from=yesterday')).toEqual(['querystring.from']);
    expect(await badField('/v1/audit-log?accountId=x&to=2026-13-01T00:00:00Z')).toEqual([
      'querystring.accountId',
      'querystring.to',
    ]);
    expect(await badField('/v1/copy-trades/nope')).toEqual(['params.id']);
    expect(await badField('/v1/copy-trades/nope/audit')).toEqual(['params.id']);
    expect(await badField('/v1/master-fills/abc')).toEqual(['params.id']);
    expect(await badField('/v1/master-fills/99999999999999999999')).toEqual(['params.id']);
    expect(await badField('/v1/master-fills/9999999999999999999')).toEqual(['params.id']);
    expect(await badField('/v1/audit-log?cursor=WyI5OTk5OTk5OTk5OTk5OTk5OTk5Il0')).toEqual([
      'querystring.cursor',
    ]);
  });

  it('answers 401 without a key or session, on every route', async () => {
    const someId = '00000000-0000-4000-8000-000000000000';
    const paths = [
      ...lists.map((list) => list.path),
      '/v1/master-fills/1',
      `/v1/copy-trades/${someId}`,
      `/v1/copy-trades/${someId}/audit`,
    ];
    for (const path of paths) {
      const answer = await http.call('GET', path);
      expect(answer.status, path).toBe(401);
    }
  });
});

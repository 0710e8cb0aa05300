import { randomUUID } from 'node:crypto';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { countStatements, createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Order, orderSchema } from '@copytrade/delta-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeg } from '../testing/seed.ts';
import { createIntentStore, type IntentStore } from './intent-store.ts';

let database: TestDatabase;
let sql: SqlPool;
let store: IntentStore;
/** Statements the copy path's pool was asked to run. */
let statements: () => number;

beforeAll(async () => {
  database = await createTestDatabase('intents');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 4 });
  statements = countStatements(sql);
  store = createIntentStore(sql);
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

function acceptedOrder(id: number, size: number): Order {
  return orderSchema.parse({
    id,
    size,
    unfilled_size: 0,
    side: 'buy',
    order_type: 'market_order',
    state: 'closed',
    product_id: 27,
    average_fill_price: '50000.5',
  });
}

describe('the copy path intent statements', () => {
  it('are prepared once per connection, not parsed at every copy', async () => {
    // One connection, so the statements below and the look at what it prepared share it.
    const single = createSqlPool({ databaseUrl: database.url, poolSize: 1 });
    try {
      const one = createIntentStore(single);
      const leg = makeLeg(randomUUID());
      await one.createSent(leg);
      await one.settle(leg.clientOrderId, acceptedOrder(9001, leg.size), 'accepted');
      await one.statesOf([randomUUID()]);
      const { rows } = await single.query<{ name: string }>(
        'SELECT name FROM pg_prepared_statements ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual([
        'intents_insert_sent',
        'intents_select_states',
        'intents_settle_open',
      ]);
    } finally {
      await single.end();
    }
  });

  it('writes the intents of concurrent drains in a few statements, each as sent', async () => {
    const legs = Array.from({ length: 60 }, () => makeLeg(randomUUID()));
    const before = statements();
    const rows = await Promise.all(legs.map((leg) => store.createSent(leg)));
    // One goes at once, the rest wait for it and go together: far fewer statements than intents.
    expect(statements() - before).toBeLessThanOrEqual(3);
    expect(rows.map((r) => r?.clientOrderId)).toEqual(legs.map((l) => l.clientOrderId));
    for (const row of rows) expect(row).toMatchObject({ state: 'sent', attempts: 1 });
    const stored = await database.db.orderIntent.findMany({
      where: { clientOrderId: { in: legs.map((l) => l.clientOrderId) } },
    });
    expect(stored).toHaveLength(60);
    const first = stored.find((s) => s.clientOrderId === legs[0]?.clientOrderId);
    expect(first).toMatchObject({ followerAccountId: legs[0]?.followerAccountId, size: 1, side: 'buy' });
  });

  it('writes every field of a batch as the legs carry it: limit and market, sells, reductions, a master or none', async () => {
    const master = randomUUID();
    const legs = [
      makeLeg(randomUUID()),
      makeLeg(randomUUID(), {
        masterAccountId: master,
        side: 'sell',
        size: 7,
        reduceOnly: true,
        leg: 'close',
        orderType: 'limit_order',
        limitPrice: '60000.5',
        correlationId: 'mf_with "quotes", {braces} and \\ a backslash',
      }),
    ];
    await Promise.all(legs.map((leg) => store.createSent(leg)));
    const stored = await database.db.orderIntent.findMany({
      where: { clientOrderId: { in: legs.map((l) => l.clientOrderId) } },
    });
    const byId = new Map(stored.map((row) => [row.clientOrderId, row]));
    for (const leg of legs) {
      const row = byId.get(leg.clientOrderId);
      expect(row).toMatchObject({
        correlationId: leg.correlationId,
        followerAccountId: leg.followerAccountId,
        masterAccountId: leg.masterAccountId,
        symbol: leg.symbol,
        productId: leg.productId,
        side: leg.side,
        size: leg.size,
        reduceOnly: leg.reduceOnly,
        orderType: leg.orderType,
        leg: leg.leg,
        state: 'sent',
      });
      expect(row?.limitPrice?.toString() ?? null).toBe(leg.limitPrice);
    }
  });

  it('answers null for an intent that exists (a redelivery) and creates the others of its batch', async () => {
    const existing = makeLeg(randomUUID());
    await store.createSent(existing);
    const fresh = [makeLeg(randomUUID()), makeLeg(randomUUID())];
    const rows = await Promise.all([existing, ...fresh].map((leg) => store.createSent(leg)));
    expect(rows[0]).toBeNull();
    expect(rows.slice(1).map((r) => r?.state)).toEqual(['sent', 'sent']);
  });

  it('fails only the leg PostgreSQL refuses; the rest of its batch is written', async () => {
    // Valid for the contract, out of range for the column: the statement fails, then its halves.
    const legs = [
      makeLeg(randomUUID()),
      makeLeg(randomUUID(), { size: 3_000_000_000 }),
      makeLeg(randomUUID()),
    ];
    const results = await Promise.allSettled(legs.map((leg) => store.createSent(leg)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const stored = await database.db.orderIntent.count({
      where: { clientOrderId: { in: legs.map((l) => l.clientOrderId) } },
    });
    expect(stored).toBe(2);
  });

  it('settles open intents together and refuses one that is no longer open', async () => {
    const legs = Array.from({ length: 20 }, () => makeLeg(randomUUID(), { size: 3 }));
    await Promise.all(legs.map((leg) => store.createSent(leg)));
    const done = legs[5];
    if (!done) throw new Error('no leg');
    await store.reject(done.clientOrderId, 'insufficient_margin', 'refused');
    const before = statements();
    const results = await Promise.allSettled(
      legs.map((leg, i) => store.settle(leg.clientOrderId, acceptedOrder(1_000 + i, 3), 'accepted')),
    );
    expect(statements() - before).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[5]).toMatchObject({
      status: 'rejected',
      reason: expect.objectContaining({ message: expect.stringMatching(/not open/) }),
    });
    const stored = await database.db.orderIntent.findMany({
      where: { clientOrderId: { in: legs.map((l) => l.clientOrderId) } },
    });
    const byId = new Map(stored.map((s) => [s.clientOrderId, s]));
    expect(byId.get(done.clientOrderId)?.state).toBe('rejected');
    const settled = byId.get(legs[0]?.clientOrderId ?? '');
    expect(settled).toMatchObject({ state: 'accepted', exchangeOrderId: '1000', filledSize: 3 });
    expect(settled?.avgFillPrice?.toString()).toBe('50000.5');
    expect(stored.filter((s) => s.state === 'accepted')).toHaveLength(19);
  });
});

describe('the states of intents', () => {
  it('knows the terminal states this process wrote without asking PostgreSQL', async () => {
    const own = await createTestDatabase('intents_final');
    const ownSql = createSqlPool({ databaseUrl: own.url, poolSize: 2 });
    const ownStore = createIntentStore(ownSql);
    try {
      const legs = Array.from({ length: 4 }, () => makeLeg(randomUUID()));
      const [accepted, resolved, rejected, open] = legs.map((l) => l.clientOrderId) as [
        string,
        string,
        string,
        string,
      ];
      await Promise.all(legs.map((leg) => ownStore.createSent(leg)));
      await ownStore.settle(accepted, acceptedOrder(1, 1), 'accepted');
      await ownStore.settle(resolved, acceptedOrder(2, 1), 'resolved');
      await ownStore.reject(rejected, 'insufficient_margin', 'refused');
      // From here every statement fails: what is answered comes from memory.
      await own.drop();
      expect(await ownStore.statesOf([accepted, resolved, rejected])).toEqual(
        new Map([
          [accepted, 'accepted'],
          [resolved, 'resolved'],
          [rejected, 'rejected'],
        ]),
      );
      // An open intent may still change: it is always read.
      await expect(ownStore.statesOf([accepted, open])).rejects.toThrow();
    } finally {
      await ownSql.end();
    }
  });

  it('reads the states it does not know, the concurrent asks of many drains in a few statements', async () => {
    const legs = Array.from({ length: 12 }, () => makeLeg(randomUUID()));
    await Promise.all(legs.map((leg) => store.createSent(leg)));
    await Promise.all(
      legs
        .slice(0, 6)
        .map((leg, i) => store.settle(leg.clientOrderId, acceptedOrder(2_000 + i, 1), 'accepted')),
    );
    // Another executor process's store: it wrote none of them.
    const other = createIntentStore(sql);
    const before = statements();
    const answers = await Promise.all(legs.map((leg) => other.statesOf([leg.clientOrderId])));
    expect(statements() - before).toBeLessThanOrEqual(2);
    expect(answers.map((states, i) => states.get(legs[i]!.clientOrderId))).toEqual([
      ...Array(6).fill('accepted'),
      ...Array(6).fill('sent'),
    ]);
    expect((await other.statesOf([randomUUID()])).size).toBe(0);
  });
});

describe('the other transitions', () => {
  const stored = (clientOrderId: string) =>
    database.db.orderIntent.findUniqueOrThrow({ where: { clientOrderId } });

  it('ensures an intent: a new one pending, an existing one as it is', async () => {
    const leg = makeLeg(randomUUID(), { size: 4 });
    expect(await store.ensure(leg)).toEqual({
      clientOrderId: leg.clientOrderId,
      state: 'pending',
      attempts: 0,
      sentAt: null,
    });
    await store.markSent(leg.clientOrderId);
    expect(await store.ensure(leg)).toMatchObject({ state: 'sent', attempts: 1 });
    expect(await stored(leg.clientOrderId)).toMatchObject({
      size: 4,
      followerAccountId: leg.followerAccountId,
    });
  });

  it('marks sends, retries and doubts with their attempt, time and error, and never moves a settled intent', async () => {
    const leg = makeLeg(randomUUID());
    await store.ensure(leg);
    const before = Date.now();
    const sent = await store.markSent(leg.clientOrderId);
    expect(sent).toMatchObject({ state: 'sent', attempts: 1 });
    expect(sent.sentAt!.getTime()).toBeGreaterThanOrEqual(before - 1);
    await store.markPending(leg.clientOrderId, 'rate_limited', 'slow down');
    expect(await stored(leg.clientOrderId)).toMatchObject({
      state: 'pending',
      errorCode: 'rate_limited',
      errorMessage: 'slow down',
    });
    expect(await store.markSent(leg.clientOrderId)).toMatchObject({ state: 'sent', attempts: 2 });
    await store.markUnknown(leg.clientOrderId, undefined, 'socket hang up');
    expect(await stored(leg.clientOrderId)).toMatchObject({ state: 'unknown', errorCode: null });
    await store.reject(leg.clientOrderId, 'insufficient_margin', 'refused');
    const rejected = await stored(leg.clientOrderId);
    expect(rejected).toMatchObject({ state: 'rejected', errorCode: 'insufficient_margin' });
    expect(rejected.resolvedAt).not.toBeNull();
    await expect(store.markSent(leg.clientOrderId)).rejects.toThrow(/not open/);
    await expect(store.markPending(leg.clientOrderId, 'x', 'y')).rejects.toThrow(/not open/);
    await expect(store.reject(leg.clientOrderId, 'x', 'y')).rejects.toThrow(/not open/);
    expect(await stored(leg.clientOrderId)).toMatchObject({ state: 'rejected', attempts: 2 });
  });

  it('expires a new or pending intent, never one that may have been sent', async () => {
    const fresh = makeLeg(randomUUID());
    expect(await store.expire(fresh, 'signal 40000 ms old')).toBe(true);
    expect(await stored(fresh.clientOrderId)).toMatchObject({
      state: 'expired',
      errorCode: 'signal_expired',
      errorMessage: 'signal 40000 ms old',
      attempts: 0,
    });
    const pending = makeLeg(randomUUID());
    await store.ensure(pending);
    expect(await store.expire(pending, 'old')).toBe(true);
    expect((await stored(pending.clientOrderId)).state).toBe('expired');
    const sent = makeLeg(randomUUID());
    await store.createSent(sent);
    expect(await store.expire(sent, 'old')).toBe(false);
    expect((await stored(sent.clientOrderId)).state).toBe('sent');
  });
});

import { randomUUID } from 'node:crypto';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { type Order, orderSchema } from '@copytrade/delta-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeLeg } from '../testing/seed.ts';
import { createIntentStore, type IntentStore } from './intent-store.ts';

let database: TestDatabase;
let sql: SqlPool;
let store: IntentStore;
/** Statements the copy path's pool was asked to run. */
let statements = 0;

beforeAll(async () => {
  database = await createTestDatabase('intents');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 4 });
  const query = sql.query.bind(sql) as (...args: unknown[]) => unknown;
  // Counts what reaches PostgreSQL; the statements themselves run unchanged.
  sql.query = ((...args: unknown[]) => {
    statements += 1;
    return query(...args);
  }) as SqlPool['query'];
  store = createIntentStore(database.db, sql);
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
  it('writes the intents of concurrent drains in a few statements, each as sent', async () => {
    const legs = Array.from({ length: 60 }, () => makeLeg(randomUUID()));
    const before = statements;
    const rows = await Promise.all(legs.map((leg) => store.createSent(leg)));
    // One goes at once, the rest wait for it and go together: far fewer statements than intents.
    expect(statements - before).toBeLessThanOrEqual(3);
    expect(rows.map((r) => r?.clientOrderId)).toEqual(legs.map((l) => l.clientOrderId));
    for (const row of rows) expect(row).toMatchObject({ state: 'sent', attempts: 1 });
    const stored = await database.db.orderIntent.findMany({
      where: { clientOrderId: { in: legs.map((l) => l.clientOrderId) } },
    });
    expect(stored).toHaveLength(60);
    const first = stored.find((s) => s.clientOrderId === legs[0]?.clientOrderId);
    expect(first).toMatchObject({ followerAccountId: legs[0]?.followerAccountId, size: 1, side: 'buy' });
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
    const before = statements;
    const results = await Promise.allSettled(
      legs.map((leg, i) => store.settle(leg.clientOrderId, acceptedOrder(1_000 + i, 3), 'accepted')),
    );
    expect(statements - before).toBeLessThanOrEqual(3);
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

import { randomUUID } from 'node:crypto';
import { ephemeralVault, seedAccount } from '@copytrade/accounts/testing';
import { createSqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createListenerStore } from './listener-store.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase('listener_store');
});

afterAll(async () => {
  await database?.drop();
});

describe('the listener store', () => {
  it("prepares each fill's statements once per connection and records a fill once", async () => {
    const { vault } = ephemeralVault();
    const { accountId } = await seedAccount(database.db, vault, {
      role: 'master',
      label: 'store',
      exchange: { restUrl: 'http://127.0.0.1:1', wsUrl: 'ws://127.0.0.1:1' },
      credentials: { apiKey: 'k', apiSecret: 's' },
    });
    // One connection, so the statements below and the look at what it prepared share it.
    const sql = createSqlPool({ databaseUrl: database.url, poolSize: 1 });
    try {
      const store = createListenerStore(sql);
      await store.cursorFrom(accountId, 1n);
      const fill = {
        accountId,
        fillId: randomUUID(),
        productId: 27,
        symbol: 'BTCUSD',
        side: 'buy' as const,
        size: 3,
        price: '60000.5',
        positionAfter: 3,
        sequence: 1,
        fillType: 'normal',
        orderId: '42',
        source: 'ws',
        occurredAt: new Date(),
      };
      await store.recordFill(fill);
      await store.recordFill(fill);
      await store.advanceCursor(accountId, 2n, fill.fillId);
      const { rows } = await sql.query<{ name: string }>(
        'SELECT name FROM pg_prepared_statements ORDER BY name',
      );
      expect(rows.map((r) => r.name)).toEqual(['listener_cursors_advance', 'master_fills_insert']);
      expect(await store.recordedFillIds(accountId, [fill.fillId, 'other'])).toEqual(new Set([fill.fillId]));
      expect(await store.cursor(accountId)).toEqual({
        accountId,
        lastFillTimeUs: 2n,
        lastFillId: fill.fillId,
      });
    } finally {
      await sql.end();
    }
  });
});

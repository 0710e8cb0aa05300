import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { countStatements, createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountDirectory } from './account-directory.ts';
import { ephemeralVault, seedAccount } from './testing/index.ts';

// Nothing listens here: the clients are built, never used, so no exchange is needed.
const exchange = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' };
const ttlMs = 40;
let test: TestDatabase;
let sql: SqlPool;
/** Statements the directory's pool was asked to run. */
let queries: () => number;

beforeAll(async () => {
  test = await createTestDatabase('accdir');
  sql = createSqlPool({ databaseUrl: test.url, poolSize: 2 });
  queries = countStatements(sql);
});
afterAll(async () => {
  await sql?.end();
  await test?.drop();
});

describe('account directory', () => {
  it('serves a stale account at once and keeps its client while URL, key and secret are unchanged', async () => {
    const { vault } = ephemeralVault();
    const { accountId } = await seedAccount(test.db, vault, {
      role: 'follower',
      label: 'keep',
      exchange,
      credentials: { apiKey: 'key-1', apiSecret: 'secret-1' },
    });
    const directory = new AccountDirectory({ sql, vault, ttlMs });
    try {
      const first = await directory.rest(accountId);
      await new Promise((r) => setTimeout(r, ttlMs * 2));
      // Past its TTL: the same client (keep-alive pool, synced clock), not one built after a reload.
      expect(await directory.rest(accountId)).toBe(first);
      await test.db.brokerAccount.update({ where: { id: accountId }, data: { label: 'renamed' } });
      await expect
        .poll(async () => (await directory.account(accountId)).label, { timeout: 5_000 })
        .toBe('renamed');
      expect(await directory.rest(accountId)).toBe(first);
    } finally {
      await directory.close();
    }
  });

  it('builds a new client once the key changed, and drops an account that is gone', async () => {
    const { vault } = ephemeralVault();
    const { accountId } = await seedAccount(test.db, vault, {
      role: 'follower',
      label: 'rotate',
      exchange,
      credentials: { apiKey: 'key-1', apiSecret: 'secret-1' },
    });
    const directory = new AccountDirectory({ sql, vault, ttlMs });
    try {
      const first = await directory.rest(accountId);
      await test.db.brokerAccount.update({
        where: { id: accountId },
        data: { apiKey: 'key-2', secretEnvelope: vault.seal('secret-2', accountId) },
      });
      await expect
        .poll(async () => (await directory.rest(accountId)) !== first, { timeout: 5_000 })
        .toBe(true);
      expect((await directory.account(accountId)).apiKey).toBe('key-2');
      await test.db.brokerAccount.delete({ where: { id: accountId } });
      await expect
        .poll(
          () =>
            directory.account(accountId).then(
              () => 'found',
              (error: Error) => error.message,
            ),
          {
            timeout: 5_000,
          },
        )
        .toMatch(/not found/);
    } finally {
      await directory.close();
    }
  });

  it('reads many accounts asked for at once, and their refreshes, in a few queries', async () => {
    const { vault } = ephemeralVault();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) {
      const { accountId } = await seedAccount(test.db, vault, {
        role: 'follower',
        label: `many-${i}`,
        exchange,
        credentials: { apiKey: `key-${i}`, apiSecret: `secret-${i}` },
      });
      ids.push(accountId);
    }
    const directory = new AccountDirectory({ sql, vault, ttlMs });
    const start = queries();
    try {
      const records = await Promise.all(ids.map((id) => directory.account(id)));
      expect(records.map((r) => r.label)).toEqual(ids.map((_, i) => `many-${i}`));
      // One read goes at once, the others wait for it and go together.
      expect(queries() - start).toBeLessThanOrEqual(3);
      await new Promise((r) => setTimeout(r, ttlMs * 2));
      await test.db.brokerAccount.updateMany({ where: { id: { in: ids } }, data: { label: 'renamed' } });
      const before = queries();
      await Promise.all(ids.map((id) => directory.account(id)));
      await expect
        .poll(
          async () =>
            (await Promise.all(ids.map((id) => directory.account(id)))).every((r) => r.label === 'renamed'),
          {
            timeout: 5_000,
          },
        )
        .toBe(true);
      expect(queries() - before).toBeLessThanOrEqual(6);
      await expect(directory.account('00000000-0000-4000-8000-000000000000')).rejects.toThrow(/not found/);
    } finally {
      await directory.close();
    }
  });
});

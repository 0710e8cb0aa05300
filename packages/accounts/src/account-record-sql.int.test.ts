import { createSqlPool, type SqlPool } from '@copytrade/db/sql';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadAccountsSql } from './account-record-sql.ts';
import { ephemeralVault, seedAccount } from './testing/index.ts';

const exchange = { restUrl: 'http://127.0.0.1:9', wsUrl: 'ws://127.0.0.1:9' };
let test: TestDatabase;
let sql: SqlPool;

beforeAll(async () => {
  test = await createTestDatabase('accsql');
  sql = createSqlPool({ databaseUrl: test.url, poolSize: 1 });
});
afterAll(async () => {
  await sql?.end();
  await test?.drop();
});

describe('accounts read through plain SQL', () => {
  it('give each account Prisma reads, its record apart from its sealed secret', async () => {
    const { vault } = ephemeralVault();
    const ids: string[] = [];
    for (const role of ['master', 'follower'] as const) {
      const { accountId } = await seedAccount(test.db, vault, {
        role,
        label: `sql-${role}`,
        exchange,
        credentials: { apiKey: `key-${role}`, apiSecret: `secret-${role}` },
      });
      ids.push(accountId);
    }
    await test.db.brokerAccount.update({ where: { id: ids[1]! }, data: { wsUrl: null, status: 'paused' } });
    const asked = [...ids, ids[0]!, '00000000-0000-4000-8000-000000000000'];
    const viaSql = await loadAccountsSql(sql, asked);
    expect(viaSql.size).toBe(2);
    const viaPrisma = await test.db.brokerAccount.findMany({
      where: { id: { in: ids } },
      select: {
        id: true,
        userId: true,
        label: true,
        role: true,
        status: true,
        baseUrl: true,
        wsUrl: true,
        apiKey: true,
        secretEnvelope: true,
      },
    });
    expect(viaSql).toEqual(
      new Map(viaPrisma.map(({ secretEnvelope, ...record }) => [record.id, { record, secretEnvelope }])),
    );
  });
});

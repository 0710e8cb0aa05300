import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqlPool, type SqlPool } from './sql-pool.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

let database: TestDatabase;
let sql: SqlPool;

beforeAll(async () => {
  database = await createTestDatabase('sqlpool');
  // One connection: a named statement's cached plan lives on the connection that prepared it.
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 1 });
  await sql.query(
    'CREATE TABLE "lookups" ("id" serial PRIMARY KEY, "key" text UNIQUE NOT NULL, "body" text)',
  );
});
afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

const byKeys = { name: 'lookup_by_keys', text: 'SELECT "id" FROM "lookups" WHERE "key" = ANY($1::text[])' };

describe('the plain SQL pool', () => {
  it('keeps a named lookup by key an index lookup after its table grew from empty', async () => {
    // Run often enough on the empty table for PostgreSQL to settle on a plan of its own.
    for (let i = 0; i < 8; i++) await sql.query({ ...byKeys, values: [[`k${i}`]] });
    await sql.query(
      `INSERT INTO "lookups" ("key", "body") SELECT 'k' || n, repeat('x', 200) FROM generate_series(1, 50000) AS n`,
    );
    const plan = await sql.query<{ 'QUERY PLAN': string }>(`EXPLAIN EXECUTE lookup_by_keys('{k1,k2}')`);
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(text).toMatch(/Index/);
    expect(text).not.toMatch(/Seq Scan/);
    const found = await sql.query({ ...byKeys, values: [['k1', 'k49999', 'missing']] });
    expect(found.rows).toHaveLength(2);
  });
});

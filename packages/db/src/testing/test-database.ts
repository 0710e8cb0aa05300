import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { defaultUrls } from '@copytrade/runtime';
import { parseDatabaseUrl, withSchema } from '../database-url.ts';
import { migrate } from '../migrate/migrate.ts';
import { createDb, type Db } from '../prisma-client.ts';

export interface TestDatabase {
  /** A DATABASE_URL naming this test's own schema. */
  url: string;
  schema: string;
  db: Db;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated PostgreSQL schema for one test file, so files run in parallel on one server.
 * Uses DATABASE_URL (default: the local server).
 */
export async function createTestDatabase(prefix = 't'): Promise<TestDatabase> {
  const base = process.env.DATABASE_URL ?? defaultUrls.database;
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const url = withSchema(base, schema);
  await migrate({ databaseUrl: url });
  const db = createDb({ databaseUrl: url, poolSize: 4 });
  return {
    url,
    schema,
    db,
    async drop() {
      await db.$disconnect();
      await dropSchema(url, schema);
    },
  };
}

export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: parseDatabaseUrl(url).connectionString });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

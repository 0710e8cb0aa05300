import { cpSync, mkdtempSync, appendFileSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultUrls } from '@copytrade/runtime';
import { parseDatabaseUrl, withSchema } from '../database-url.ts';
import { dropSchema } from '../testing/test-database.ts';
import { migrate, MigrationError } from './migrate.ts';
import { defaultMigrationsDir, readMigrations } from './migration-files.ts';

const base = process.env.DATABASE_URL ?? defaultUrls.database;
const schemas: string[] = [];
function freshUrl(): string {
  const schema = `mig_${Math.random().toString(36).slice(2, 10)}`;
  schemas.push(schema);
  return withSchema(base, schema);
}
function copyOfMigrations(): string {
  const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
  cpSync(defaultMigrationsDir, dir, { recursive: true });
  return dir;
}
async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const target = parseDatabaseUrl(url);
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query(`SET search_path TO "${target.schema}"`);
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

afterAll(async () => {
  for (const schema of schemas) await dropSchema(base, schema);
});

describe('migrate', () => {
  it('applies every migration to a fresh schema and records it as Prisma does', async () => {
    const url = freshUrl();
    const result = await migrate({ databaseUrl: url });
    const files = readMigrations();
    expect(result.applied).toEqual(files.map((f) => f.name));
    const rows = await query<{ migration_name: string; checksum: string; applied_steps_count: number }>(
      url,
      'SELECT migration_name, checksum, applied_steps_count FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name',
    );
    expect(rows).toEqual(
      files.map((f) => ({ migration_name: f.name, checksum: f.checksum, applied_steps_count: 1 })),
    );
  });

  it('is a no-op when everything is applied', async () => {
    const url = freshUrl();
    await migrate({ databaseUrl: url });
    const again = await migrate({ databaseUrl: url });
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toHaveLength(readMigrations().length);
  });

  it('refuses to run when an applied migration file was edited, naming it', async () => {
    const url = freshUrl();
    const dir = copyOfMigrations();
    try {
      await migrate({ databaseUrl: url, migrationsDir: dir });
      const first = readMigrations(dir)[0]!;
      appendFileSync(join(dir, first.name, 'migration.sql'), '\n-- edited\n');
      const attempt = migrate({ databaseUrl: url, migrationsDir: dir });
      await expect(attempt).rejects.toThrow(MigrationError);
      await expect(attempt).rejects.toThrow(first.name);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rolls a failing migration back whole and records nothing for it', async () => {
    const url = freshUrl();
    const dir = copyOfMigrations();
    try {
      const name = '29991231000000_broken';
      mkdirSync(join(dir, name));
      writeFileSync(
        join(dir, name, 'migration.sql'),
        'CREATE TABLE "half_done" (id INT);\nSELECT * FROM no_such_table;\n',
      );
      await expect(migrate({ databaseUrl: url, migrationsDir: dir })).rejects.toThrow(name);
      const tables = await query<{ n: string }>(
        url,
        `SELECT count(*)::text AS n FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'half_done'`,
      );
      expect(tables[0]?.n).toBe('0');
      const recorded = await query<{ n: string }>(
        url,
        `SELECT count(*)::text AS n FROM "_prisma_migrations" WHERE migration_name = '${name}'`,
      );
      expect(recorded[0]?.n).toBe('0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets concurrent runners apply each migration exactly once', async () => {
    const url = freshUrl();
    const results = await Promise.all([migrate({ databaseUrl: url }), migrate({ databaseUrl: url })]);
    const appliedTotal = results.reduce((n, r) => n + r.applied.length, 0);
    expect(appliedTotal).toBe(readMigrations().length);
  });
});

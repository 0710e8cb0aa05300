import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { parseDatabaseUrl } from '../database-url.ts';
import { ensureDatabase } from './ensure-database.ts';
import { type MigrationFile, readMigrations } from './migration-files.ts';
import { type AppliedMigration, createMigrationsTableSql, migrationLockKey } from './migrations-table.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface MigrateOptions {
  databaseUrl: string;
  migrationsDir?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/**
 * Applies the committed migrations that are not applied yet: in name order, each in its own
 * transaction, under Prisma's advisory lock, recorded in `_prisma_migrations` with Prisma's checksum.
 * Refuses to run when an applied migration's file has changed or an earlier run failed half-way.
 */
export async function migrate(options: MigrateOptions): Promise<MigrateResult> {
  const target = parseDatabaseUrl(options.databaseUrl);
  const files = readMigrations(options.migrationsDir);
  await ensureDatabase(target);
  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [migrationLockKey]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${target.schema}"`);
      await client.query(`SET search_path TO "${target.schema}"`);
      await client.query(createMigrationsTableSql);
      const applied = await readApplied(client);
      checkHistory(files, applied);
      const done = new Set(applied.filter((row) => row.finished_at).map((row) => row.migration_name));
      const pending = files.filter((file) => !done.has(file.name));
      for (const file of pending) {
        await applyOne(client, file);
        options.log?.(`applied ${file.name}`);
      }
      return { applied: pending.map((f) => f.name), alreadyApplied: [...done] };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [migrationLockKey]);
    }
  } finally {
    await client.end();
  }
}

async function readApplied(client: pg.Client): Promise<AppliedMigration[]> {
  const { rows } = await client.query<AppliedMigration>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  return rows;
}

function checkHistory(files: MigrationFile[], applied: AppliedMigration[]): void {
  const byName = new Map(files.map((file) => [file.name, file]));
  for (const row of applied) {
    if (!row.finished_at) {
      throw new MigrationError(
        `migration ${row.migration_name} started but did not finish; resolve it before migrating again`,
      );
    }
    const file = byName.get(row.migration_name);
    if (!file)
      throw new MigrationError(`migration ${row.migration_name} is applied but its folder is missing`);
    if (file.checksum !== row.checksum) {
      throw new MigrationError(
        `migration ${row.migration_name} was changed after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${file.checksum.slice(0, 12)}…); add a new migration instead of editing an applied one`,
      );
    }
  }
}

async function applyOne(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(file.sql);
    await client.query(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
       VALUES ($1, $2, $3, now(), now(), 1)`,
      [randomUUID(), file.checksum, file.name],
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw new MigrationError(
      `migration ${file.name} failed and was rolled back: ${(error as Error).message}`,
    );
  }
}

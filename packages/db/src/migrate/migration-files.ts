import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export interface MigrationFile {
  name: string;
  sql: string;
  /** SHA-256 of the file's bytes, hex: the checksum Prisma records in `_prisma_migrations`. */
  checksum: string;
}

export const defaultMigrationsDir = resolve(import.meta.dirname, '../../../../prisma/migrations');

/** The committed migrations, in the order Prisma applies them (by folder name). */
export function readMigrations(dir: string = defaultMigrationsDir): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const bytes = readFileSync(join(dir, name, 'migration.sql'));
      return {
        name,
        sql: bytes.toString('utf8'),
        checksum: createHash('sha256').update(bytes).digest('hex'),
      };
    });
}

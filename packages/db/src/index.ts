export { parseDatabaseUrl, withSchema, type DatabaseTarget } from './database-url.ts';
export { createDb, type Db, type DbOptions } from './prisma-client.ts';
export { AUDIT_APPEND_LOCK_KEY } from './audit-append-lock.ts';
export { createSqlPool, type SqlPool } from './sql-pool.ts';
export { migrate, MigrationError, type MigrateOptions, type MigrateResult } from './migrate/migrate.ts';
export { readMigrations, type MigrationFile } from './migrate/migration-files.ts';
export { Prisma } from './generated/prisma/client.ts';
export type * from './generated/prisma/client.ts';

// Everything of `./sql.ts` (the Prisma-free side), then Prisma's client and the migration runner.
export * from './sql.ts';
export { createDb, type Db, type DbOptions } from './prisma-client.ts';
export { migrate, MigrationError, type MigrateOptions, type MigrateResult } from './migrate/migrate.ts';
export { readMigrations, type MigrationFile } from './migrate/migration-files.ts';
export { Prisma } from './generated/prisma/client.ts';
export type * from './generated/prisma/client.ts';

// The plain node-postgres side of the package, without Prisma: a service that only runs its own SQL
// (the audit service) imports this and never loads Prisma's client and query compiler (~40 MB).
export { AUDIT_APPEND_LOCK_KEY } from './audit-append-lock.ts';
export { parseDatabaseUrl, withSchema, type DatabaseTarget } from './database-url.ts';
export { createSqlPool, type SqlPool } from './sql-pool.ts';
export { sqlDatabase, type SqlDatabasePool } from './sql-database.ts';
export { sqlArray } from './sql-array.ts';
export type { Statement } from './sql-statement.ts';

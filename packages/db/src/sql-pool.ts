import pg from 'pg';
import { parseDatabaseUrl } from './database-url.ts';

export type SqlPool = pg.Pool;

/**
 * A plain node-postgres pool on the same schema as `createDb`, for the few statements on a latency
 * path where Prisma's own work per query (its query compiler and result mapping: ~0.4 ms and a
 * third of a millisecond of CPU per statement here) is worth skipping. Everything else uses Prisma.
 */
export function createSqlPool(options: { databaseUrl: string; poolSize?: number }): SqlPool {
  const target = parseDatabaseUrl(options.databaseUrl);
  return new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    options: `-c search_path="${target.schema}"`,
  });
}

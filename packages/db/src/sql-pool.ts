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
    // Kept open while idle: after a quiet spell the next statement would otherwise pay a new
    // connection (5-15 ms here), and copies come in bursts after silences.
    idleTimeoutMillis: 0,
    options: `-c search_path="${target.schema}"`,
  });
}

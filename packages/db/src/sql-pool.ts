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
    // A named statement's plan is cached per connection, and PostgreSQL settles on a generic plan after
    // five runs: made while a table was nearly empty, it scans the whole table for ever after (where
    // autovacuum's ANALYZE does not run, nothing replaces it; the audit log's appends fell to ~150 events/s
    // in the benchmark). Planned at each run, a lookup by key stays an index lookup as tables grow.
    options: `-c search_path="${target.schema}" -c plan_cache_mode=force_custom_plan`,
  });
}

import type { SqlPool } from './sql-pool.ts';

/** A plain pool as the service kit's database: `/readyz` runs `SELECT 1` on it, stop ends it. */
export interface SqlDatabasePool {
  pool: SqlPool;
  $queryRaw(): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export function sqlDatabase(pool: SqlPool): SqlDatabasePool {
  return {
    pool,
    $queryRaw: () => pool.query('SELECT 1'),
    $disconnect: () => pool.end(),
  };
}

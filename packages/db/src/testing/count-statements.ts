import type { SqlPool } from '../sql-pool.ts';

/**
 * Counts the statements a pool is asked to run (the statements themselves run unchanged), for tests
 * that hold a batching path to "a few statements, however many callers".
 * @returns how many so far
 */
export function countStatements(sql: SqlPool): () => number {
  let count = 0;
  const query = sql.query.bind(sql) as (...args: unknown[]) => unknown;
  sql.query = ((...args: unknown[]) => {
    count += 1;
    return query(...args);
  }) as SqlPool['query'];
  return () => count;
}

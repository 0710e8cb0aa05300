import type { SqlPool, Statement } from '@copytrade/db/sql';

export type { Statement } from '@copytrade/db/sql';

/** The statements of one open transaction, on one connection. */
export interface SqlTx {
  query<Row>(statement: Statement, values: readonly unknown[]): Promise<Row[]>;
}

export interface TransactionOptions {
  /** Run in the same round trip as BEGIN, without parameters (the append takes its lock there). */
  begin?: string;
  /** Longest any statement may take, lock waits included, before Postgres cancels it (and so the transaction). */
  statementTimeoutMs: number;
}

/**
 * Runs `work` in one transaction on plain node-postgres (`createSqlPool`): committed when it
 * resolves, rolled back when it throws. A connection whose rollback failed is discarded, not reused.
 */
export async function inTransaction<T>(
  pool: SqlPool,
  options: TransactionOptions,
  work: (tx: SqlTx) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const tx: SqlTx = {
    async query<Row>(statement: Statement, values: readonly unknown[]) {
      const result = await client.query({ name: statement.name, text: statement.text, values: [...values] });
      return result.rows as Row[];
    },
  };
  // One round trip: BEGIN, the timeout (local to the transaction) and the caller's opening statement.
  const timeout = Math.max(1, Math.floor(options.statementTimeoutMs));
  const begin = ['BEGIN', `SET LOCAL statement_timeout = ${timeout}`, options.begin].filter(Boolean);
  try {
    await client.query(begin.join('; '));
    const result = await work(tx);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    await client.query('ROLLBACK').then(
      () => client.release(),
      (rollbackError: unknown) => client.release(rollbackError instanceof Error ? rollbackError : true),
    );
    throw error;
  }
}

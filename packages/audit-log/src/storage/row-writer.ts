import { sqlArray } from '@copytrade/db/sql';
import type { SqlTx, Statement } from './sql-tx.ts';

/** A column of a table written many rows per statement, with the SQL type its array parameter is cast to. */
export interface Column {
  name: string;
  /**
   * `text`, `uuid`, `int`, `numeric`, `timestamptz`, `"OrderSide"`, …; `jsonb` columns take each row's
   * value as JSON text (already serialised; `null` is JSON null).
   */
  type: string;
}

/** A table written many rows per statement: its model fields and their columns. */
export interface TableSpec<Row> {
  table: string;
  /** Every field written, with its column (`created_at` is left to its database default). */
  columns: { [K in keyof Row]-?: Column };
  /** The unique key an upsert meets an existing row on; none for a plain insert. */
  conflict?: ReadonlyArray<keyof Row>;
  /** Written when the row is created, never changed by an upsert (`id`). */
  insertOnly?: ReadonlyArray<keyof Row>;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/**
 * The statement for a spec, built once: one array parameter per column, zipped back into rows by
 * `unnest`. Its text is the same whatever the number of rows, so Postgres plans it once per connection.
 */
export function rowsStatement<Row>(spec: TableSpec<Row>): Statement {
  const fields = Object.keys(spec.columns) as Array<keyof Row>;
  const columns = fields.map((field) => quote(spec.columns[field].name));
  const arrays = fields.map((field, i) => arrayOf(spec.columns[field].type, `$${i + 1}`));
  const table = quote(spec.table);
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})`;
  const name = `audit_write_${spec.table}`;
  if (!spec.conflict) return { name, text: insert };
  const fixed = new Set<keyof Row>([...spec.conflict, ...(spec.insertOnly ?? [])]);
  const updates = fields
    .filter((field) => !fixed.has(field))
    .map((field) => `${quote(spec.columns[field].name)} = EXCLUDED.${quote(spec.columns[field].name)}`);
  const key = spec.conflict.map((field) => quote(spec.columns[field].name)).join(', ');
  return { name, text: `${insert} ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}` };
}

/**
 * The SQL array a column's parameter becomes. JSON travels as one JSON array, its elements' texts
 * joined as they are: as a `jsonb[]` parameter each would be escaped again into an array literal.
 */
function arrayOf(type: string, parameter: string): string {
  if (type === 'jsonb')
    return `ARRAY(SELECT "e" FROM jsonb_array_elements(${parameter}::jsonb) WITH ORDINALITY AS "x"("e", "n") ORDER BY "n")`;
  return `${parameter}::${type}[]`;
}

/** The statement text and name of each spec, built on first use. */
const statements = new WeakMap<TableSpec<never>, Statement>();

/**
 * Writes whole rows with one statement whatever their number. An upsert's rows must have distinct
 * keys: Postgres refuses to change one row twice in a statement, so callers fold a batch's changes
 * per row first.
 */
export async function writeRows<Row>(tx: SqlTx, spec: TableSpec<Row>, rows: readonly Row[]): Promise<number> {
  if (rows.length === 0) return 0;
  const key = spec as TableSpec<never>;
  let statement = statements.get(key);
  if (!statement) {
    statement = rowsStatement(spec);
    statements.set(key, statement);
  }
  const fields = Object.keys(spec.columns) as Array<keyof Row>;
  const arrays = fields.map((field) =>
    spec.columns[field].type === 'jsonb'
      ? `[${rows.map((row) => (row[field] ?? 'null') as string).join(',')}]`
      : sqlArray(rows.map((row) => row[field])),
  );
  await tx.query(statement, arrays);
  return rows.length;
}

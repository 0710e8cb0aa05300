import { Prisma } from '@copytrade/db';

type Tx = Prisma.TransactionClient;

/** A table written many rows per statement: its model fields and their columns. */
export interface TableSpec<Row> {
  table: string;
  /** Every field written, with its column (`created_at` is left to its database default). */
  columns: { [K in keyof Row]-?: string };
  /** The unique key an upsert meets an existing row on; none for a plain insert. */
  conflict?: ReadonlyArray<keyof Row>;
  /** Written when the row is created, never changed by an upsert (`id`). */
  insertOnly?: ReadonlyArray<keyof Row>;
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** JSON as the table's row type reads it: decimals as strings, times as ISO strings. */
function jsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Prisma.Decimal) return value.toString();
  return value;
}

/** The statement for a spec, built once: the rows travel as one JSON parameter. */
export function rowsStatement<Row>(spec: TableSpec<Row>): string {
  const fields = Object.keys(spec.columns) as Array<keyof Row>;
  const columns = fields.map((field) => quote(spec.columns[field]));
  const table = quote(spec.table);
  const insert = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`;
  if (!spec.conflict) return insert;
  const fixed = new Set<keyof Row>([...spec.conflict, ...(spec.insertOnly ?? [])]);
  const updates = fields
    .filter((field) => !fixed.has(field))
    .map((field) => `${quote(spec.columns[field])} = EXCLUDED.${quote(spec.columns[field])}`);
  const key = spec.conflict.map((field) => quote(spec.columns[field])).join(', ');
  return `${insert} ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`;
}

/**
 * Writes whole rows with one statement whatever their number (`jsonb_populate_recordset` reads them
 * with the table's own column types). An upsert's rows must have distinct keys: Postgres refuses to
 * change one row twice in a statement, so callers fold a batch's changes per row first.
 */
export async function writeRows<Row>(tx: Tx, spec: TableSpec<Row>, rows: Iterable<Row>): Promise<number> {
  const fields = Object.keys(spec.columns) as Array<keyof Row>;
  const json = [...rows].map((row) =>
    Object.fromEntries(fields.map((field) => [spec.columns[field], jsonValue(row[field])])),
  );
  if (json.length === 0) return 0;
  return tx.$executeRawUnsafe(rowsStatement(spec), JSON.stringify(json));
}

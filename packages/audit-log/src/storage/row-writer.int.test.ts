import { randomUUID } from 'node:crypto';
import { createSqlPool, type SqlPool } from '@copytrade/db';
import { createTestDatabase, type TestDatabase } from '@copytrade/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TableSpec, writeRows } from './row-writer.ts';
import { inTransaction } from './sql-tx.ts';

let database: TestDatabase;
let sql: SqlPool;

interface Row {
  id: string;
  key: string;
  label: string | null;
  amount: string | null;
  count: number;
  at: Date | null;
  doc: string;
}

const spec: TableSpec<Row> = {
  table: 'writer_rows',
  conflict: ['key'],
  insertOnly: ['id'],
  columns: {
    id: { name: 'id', type: 'uuid' },
    key: { name: 'key', type: 'text' },
    label: { name: 'label', type: 'text' },
    amount: { name: 'amount', type: 'numeric' },
    count: { name: 'count', type: 'int' },
    at: { name: 'at', type: 'timestamptz' },
    doc: { name: 'doc', type: 'jsonb' },
  },
};

const write = (rows: Row[]) =>
  inTransaction(sql, { statementTimeoutMs: 5_000 }, (tx) => writeRows(tx, spec, rows));

async function stored(): Promise<Row[]> {
  const { rows } = await sql.query<Row>(
    `SELECT "id", "key", "label", "amount"::text AS "amount", "count", "at", "doc"::text AS "doc"
       FROM "writer_rows" ORDER BY "key"`,
  );
  return rows;
}

function row(key: string, change: Partial<Row> = {}): Row {
  return { id: randomUUID(), key, label: null, amount: null, count: 0, at: null, doc: '{}', ...change };
}

beforeAll(async () => {
  database = await createTestDatabase('audit_writer');
  sql = createSqlPool({ databaseUrl: database.url, poolSize: 2 });
  await sql.query(`CREATE TABLE "writer_rows" ("id" uuid PRIMARY KEY, "key" text NOT NULL UNIQUE, "label" text,
    "amount" numeric(36, 18), "count" int NOT NULL, "at" timestamptz(3), "doc" jsonb NOT NULL)`);
});

afterAll(async () => {
  await sql?.end();
  await database?.drop();
});

describe('writeRows (unnest arrays, one statement)', () => {
  it('stores texts, decimals, times and JSON as given, whatever characters they hold', async () => {
    const at = new Date('2026-11-30T07:00:00.123Z');
    const rows = [
      row('a', {
        label: 'say "hi" \\ {x,y} NULL',
        amount: '65000.5',
        count: 3,
        at,
        doc: '{"q":"a \\"b\\" \\\\ c","n":[1,null]}',
      }),
      row('b', { label: '', doc: 'null' }),
      row('c', { label: 'NULL', amount: '-0.000000000000000001', doc: '"é\\u00e9x"' }),
    ];
    expect(await write(rows)).toBe(3);
    const back = await stored();
    expect(back.map((r) => r.label)).toEqual(['say "hi" \\ {x,y} NULL', '', 'NULL']);
    expect(back.map((r) => r.amount)).toEqual(['65000.500000000000000000', null, '-0.000000000000000001']);
    expect(back[0]?.at).toEqual(at);
    expect(back.map((r) => JSON.parse(r.doc))).toEqual([{ q: 'a "b" \\ c', n: [1, null] }, null, 'ééx']);
  });

  it('meets an existing key with an update that keeps the row id', async () => {
    const [before] = await stored();
    await write([row('a', { label: 'changed', count: 9, doc: '{"v":2}' }), row('d')]);
    const after = await stored();
    expect(after.find((r) => r.key === 'a')).toMatchObject({
      id: before?.id,
      label: 'changed',
      count: 9,
      amount: null,
    });
    expect(after.map((r) => r.key)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('fails whole on a value its column refuses, writing nothing, and the pool goes on', async () => {
    const before = await stored();
    await expect(write([row('e'), row('f', { id: 'not-a-uuid' })])).rejects.toThrow(/uuid/);
    await expect(write([row('g', { doc: '{not json' })])).rejects.toThrow(/json/i);
    expect(await stored()).toEqual(before);
    expect(await write([row('e')])).toBe(1);
  });

  it('refuses one key twice in a statement (callers fold changes per row first)', async () => {
    const before = await stored();
    await expect(write([row('h'), row('h')])).rejects.toThrow(/second time/);
    expect(await stored()).toEqual(before);
  });
});

describe('inTransaction', () => {
  it('rolls back what the work wrote when it throws, and commits otherwise', async () => {
    const failing = inTransaction(sql, { statementTimeoutMs: 5_000 }, async (tx) => {
      await writeRows(tx, spec, [row('x')]);
      throw new Error('after the write');
    });
    await expect(failing).rejects.toThrow('after the write');
    expect((await stored()).some((r) => r.key === 'x')).toBe(false);
    await inTransaction(sql, { statementTimeoutMs: 5_000 }, (tx) => writeRows(tx, spec, [row('y')]));
    expect((await stored()).some((r) => r.key === 'y')).toBe(true);
  });

  it('cancels a statement that runs past the timeout', async () => {
    const slow = inTransaction(sql, { statementTimeoutMs: 50 }, (tx) =>
      tx.query({ name: 'writer_test_sleep', text: 'SELECT pg_sleep(1)' }, []),
    );
    await expect(slow).rejects.toThrow(/statement timeout/);
  });
});

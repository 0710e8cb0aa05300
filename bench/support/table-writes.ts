import type { Db } from '../../packages/db/src/index.ts';

export interface TableWrites {
  inserted: number;
  updated: number;
  /** Updates that touched no indexed column (heap-only: no index entry written). */
  hotUpdated: number;
  deleted: number;
  /** Rows read by whole-table scans: a lookup that should use an index shows here. */
  seqRowsRead: number;
}

type Snapshot = Map<string, TableWrites>;

/** Rows written per table of the bench's own schema so far (PostgreSQL's statistics, flushed about every second). */
async function snapshot(db: Db): Promise<Snapshot> {
  const rows = await db.$queryRaw<
    {
      relname: string;
      n_tup_ins: bigint;
      n_tup_upd: bigint;
      n_tup_hot_upd: bigint;
      n_tup_del: bigint;
      seq_tup_read: bigint;
    }[]
  >`SELECT relname, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del, seq_tup_read FROM pg_stat_user_tables
    WHERE schemaname = current_schema()`;
  return new Map(
    rows.map((r) => [
      r.relname,
      {
        inserted: Number(r.n_tup_ins),
        updated: Number(r.n_tup_upd),
        hotUpdated: Number(r.n_tup_hot_upd),
        deleted: Number(r.n_tup_del),
        seqRowsRead: Number(r.seq_tup_read),
      },
    ]),
  );
}

/** What the copy path wrote to PostgreSQL over one phase, per table: where the database's CPU goes. */
export async function startTableWrites(db: Db): Promise<{ finish(): Promise<Record<string, TableWrites>> }> {
  const before = await snapshot(db);
  return {
    async finish() {
      // Backends report their counts about once a second: let the last ones arrive.
      await new Promise((r) => setTimeout(r, 1_500));
      const after = await snapshot(db);
      const out: Record<string, TableWrites> = {};
      for (const [table, a] of after) {
        const b = before.get(table) ?? { inserted: 0, updated: 0, hotUpdated: 0, deleted: 0, seqRowsRead: 0 };
        const d = {
          inserted: a.inserted - b.inserted,
          updated: a.updated - b.updated,
          hotUpdated: a.hotUpdated - b.hotUpdated,
          deleted: a.deleted - b.deleted,
          seqRowsRead: a.seqRowsRead - b.seqRowsRead,
        };
        if (d.inserted + d.updated + d.deleted + d.seqRowsRead > 0) out[table] = d;
      }
      return out;
    },
  };
}

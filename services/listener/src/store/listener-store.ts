import type { SqlPool, Statement } from '@copytrade/db/sql';

/** Where a master's REST gap-fill resumes. */
export interface ListenerCursor {
  accountId: string;
  lastFillTimeUs: bigint;
  lastFillId: string | null;
}

/** A master fill as `master_fills` keeps it. */
export interface MasterFillRow {
  accountId: string;
  fillId: string;
  productId: number;
  symbol: string;
  side: 'buy' | 'sell';
  size: number;
  price: string;
  positionAfter: number;
  sequence: number;
  fillType: string;
  orderId: string | null;
  source: string;
  occurredAt: Date;
}

/** The listener's statements: plain SQL, so the listener loads no Prisma. */
export interface ListenerStore {
  cursor(accountId: string): Promise<ListenerCursor | null>;
  /** The cursor there is, or this one made (a concurrent maker's wins). */
  cursorFrom(accountId: string, lastFillTimeUs: bigint): Promise<ListenerCursor>;
  deleteCursor(accountId: string): Promise<void>;
  advanceCursor(accountId: string, lastFillTimeUs: bigint, lastFillId: string): Promise<void>;
  /** Unique by (account, fill id): a fill recorded before is left as it is. */
  recordFill(fill: MasterFillRow): Promise<void>;
  /** Which of these fills of the master have a row. */
  recordedFillIds(accountId: string, fillIds: readonly string[]): Promise<Set<string>>;
  /** Active master accounts, oldest first. */
  activeMasters(): Promise<string[]>;
  activeFollowCount(masterAccountId: string): Promise<number>;
}

type CursorRow = { accountId: string; lastFillTimeUs: string; lastFillId: string | null };
const cursorColumns = `"account_id"::text AS "accountId", "last_fill_time_us"::text AS "lastFillTimeUs",
  "last_fill_id" AS "lastFillId"`;
// int8 comes back as text: the cursor keeps exchange microseconds exactly.
const toCursor = (row: CursorRow): ListenerCursor => ({ ...row, lastFillTimeUs: BigInt(row.lastFillTimeUs) });

// The two statements of every fill, named: each connection parses them once.
const recordFillStatement: Statement = {
  name: 'master_fills_insert',
  text: `INSERT INTO "master_fills" ("account_id", "fill_id", "product_id", "symbol", "side", "size", "price",
      "position_after", "sequence", "fill_type", "order_id", "source", "occurred_at")
    VALUES ($1::uuid, $2, $3, $4, $5::"OrderSide", $6, $7::numeric, $8, $9::bigint, $10, $11, $12, $13)
    ON CONFLICT ("account_id", "fill_id") DO NOTHING`,
};
const advanceCursorStatement: Statement = {
  name: 'listener_cursors_advance',
  text: `UPDATE "listener_cursors" SET "last_fill_time_us" = $2::bigint, "last_fill_id" = $3, "updated_at" = now()
    WHERE "account_id" = $1::uuid`,
};

export function createListenerStore(sql: SqlPool): ListenerStore {
  return {
    async cursor(accountId) {
      const { rows } = await sql.query<CursorRow>(
        `SELECT ${cursorColumns} FROM "listener_cursors" WHERE "account_id" = $1::uuid`,
        [accountId],
      );
      return rows[0] === undefined ? null : toCursor(rows[0]);
    },
    async cursorFrom(accountId, lastFillTimeUs) {
      const { rows } = await sql.query<CursorRow>(
        `WITH made AS (
           INSERT INTO "listener_cursors" ("account_id", "last_fill_time_us", "updated_at")
           VALUES ($1::uuid, $2::bigint, now()) ON CONFLICT ("account_id") DO NOTHING
           RETURNING ${cursorColumns})
         SELECT * FROM made
         UNION ALL
         SELECT ${cursorColumns} FROM "listener_cursors"
         WHERE "account_id" = $1::uuid AND NOT EXISTS (SELECT 1 FROM made)`,
        [accountId, lastFillTimeUs.toString()],
      );
      if (rows[0] === undefined) throw new Error(`cursor of ${accountId} neither made nor found`);
      return toCursor(rows[0]);
    },
    async deleteCursor(accountId) {
      await sql.query(`DELETE FROM "listener_cursors" WHERE "account_id" = $1::uuid`, [accountId]);
    },
    async advanceCursor(accountId, lastFillTimeUs, lastFillId) {
      await sql.query({
        ...advanceCursorStatement,
        values: [accountId, lastFillTimeUs.toString(), lastFillId],
      });
    },
    async recordFill(f) {
      await sql.query({
        ...recordFillStatement,
        values: [
          f.accountId,
          f.fillId,
          f.productId,
          f.symbol,
          f.side,
          f.size,
          f.price,
          f.positionAfter,
          f.sequence,
          f.fillType,
          f.orderId,
          f.source,
          f.occurredAt,
        ],
      });
    },
    async recordedFillIds(accountId, fillIds) {
      const { rows } = await sql.query<{ fillId: string }>(
        `SELECT "fill_id" AS "fillId" FROM "master_fills" WHERE "account_id" = $1::uuid AND "fill_id" = ANY($2::text[])`,
        [accountId, [...fillIds]],
      );
      return new Set(rows.map((r) => r.fillId));
    },
    async activeMasters() {
      const { rows } = await sql.query<{ id: string }>(
        `SELECT "id"::text AS "id" FROM "broker_accounts" WHERE "role" = 'master' AND "status" = 'active'
         ORDER BY "created_at"`,
      );
      return rows.map((r) => r.id);
    },
    async activeFollowCount(masterAccountId) {
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS "n" FROM "follows" WHERE "master_account_id" = $1::uuid AND "status" = 'active'`,
        [masterAccountId],
      );
      return rows[0]?.n ?? 0;
    },
  };
}

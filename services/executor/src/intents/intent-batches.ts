import type { OrderLeg } from '@copytrade/contracts';
import { type SqlPool, type Statement, sqlArray } from '@copytrade/db/sql';
import type { Order } from '@copytrade/delta-client';
import { createGroupCommit } from '@copytrade/runtime';
import type { IntentRow, IntentState } from './intent-row.ts';

/** How many intents one statement writes at most. */
const MAX_BATCH = 256;

export interface IntentSettlement {
  clientOrderId: string;
  order: Order;
  state: 'accepted' | 'resolved';
}

export interface IntentBatches {
  /** The new intent, already `sent`; null when it existed (a redelivery). */
  createSent(leg: OrderLeg): Promise<IntentRow | null>;
  /** True when the intent was open and is now settled; false when it was not open. */
  settle(settlement: IntentSettlement): Promise<boolean>;
  /** The stored state of each of these intents that exists. */
  statesOf(clientOrderIds: readonly string[]): Promise<Map<string, IntentState>>;
}

// One statement text per kind whatever the batch size (arrays through unnest), named, so each
// connection parses it once (a lone copy's INSERT costs PostgreSQL a quarter less CPU). The arrays go
// as literals built by `sqlArray`: node-postgres escapes each element with two regular expressions,
// which showed in the executor's CPU profile. Client order ids are unique within a batch: a drain lock
// per follower and symbol keeps two drains from writing the same leg at once, and ON CONFLICT DO
// NOTHING covers the rest.
const insertSent: Statement = {
  name: 'intents_insert_sent',
  text: `
  INSERT INTO "order_intents" ("id", "client_order_id", "correlation_id", "follower_account_id",
    "master_account_id", "symbol", "product_id", "side", "size", "reduce_only", "order_type",
    "limit_price", "leg", "state", "attempts", "sent_at", "updated_at")
  SELECT gen_random_uuid(), l.cid, l.correlation, l.follower, l.master, l.symbol, l.product, l.side,
    l.size, l.reduce_only, l.order_type, l.limit_price, l.leg, 'sent', 1, now(), now()
  FROM unnest($1::text[], $2::text[], $3::uuid[], $4::uuid[], $5::text[], $6::int[], $7::"OrderSide"[],
    $8::int[], $9::boolean[], $10::text[], $11::numeric[], $12::text[])
    AS l(cid, correlation, follower, master, symbol, product, side, size, reduce_only, order_type,
      limit_price, leg)
  ON CONFLICT ("client_order_id") DO NOTHING
  RETURNING "client_order_id" AS "clientOrderId", "state"::text AS "state", "attempts", "sent_at" AS "sentAt"`,
};

// Conditional on an open state, as every transition: a late writer never undoes an outcome.
const settleOpen: Statement = {
  name: 'intents_settle_open',
  text: `
  UPDATE "order_intents" AS i SET "state" = s.state, "exchange_order_id" = s.exchange_order_id,
    "filled_size" = s.filled_size, "avg_fill_price" = s.avg_fill_price, "error_code" = NULL,
    "error_message" = NULL, "resolved_at" = now(), "updated_at" = now()
  FROM unnest($1::text[], $2::"IntentState"[], $3::text[], $4::int[], $5::numeric[])
    AS s(cid, state, exchange_order_id, filled_size, avg_fill_price)
  WHERE i."client_order_id" = s.cid AND i."state" IN ('pending', 'sent', 'unknown')
  RETURNING i."client_order_id" AS "clientOrderId"`,
};

/** `insertSent`'s arrays, $1…$12, each a field of every leg. */
const insertColumns: readonly ((leg: OrderLeg) => unknown)[] = [
  (l) => l.clientOrderId,
  (l) => l.correlationId,
  (l) => l.followerAccountId,
  (l) => l.masterAccountId,
  (l) => l.symbol,
  (l) => l.productId,
  (l) => l.side,
  (l) => l.size,
  (l) => l.reduceOnly,
  (l) => l.orderType,
  (l) => l.limitPrice,
  (l) => l.leg,
];

/** `settleOpen`'s arrays, $1…$5. */
const settleColumns: readonly ((settlement: IntentSettlement) => unknown)[] = [
  (s) => s.clientOrderId,
  (s) => s.state,
  (s) => s.order.id,
  (s) => s.order.size - s.order.unfilledSize,
  (s) => s.order.averageFillPrice ?? null,
];

/** One array literal per column, listing that column of every item: the statement's unnest arguments. */
const columnsOf = <T>(items: readonly T[], columns: readonly ((item: T) => unknown)[]) =>
  columns.map((column) => sqlArray(items.map(column)));

/** The INSERT of these legs' intents as sent: the named statement with its arrays. */
export const insertSentQuery = (legs: readonly OrderLeg[]) => ({
  ...insertSent,
  values: columnsOf(legs, insertColumns),
});

const selectStates: Statement = {
  name: 'intents_select_states',
  text: `
  SELECT "client_order_id" AS "clientOrderId", "state"::text AS "state" FROM "order_intents"
  WHERE "client_order_id" = ANY($1::text[])`,
};

/**
 * The copy path's two statements (the intent written before the request, its settlement after the
 * answer) in group commits: the intents of the drains that arrive while one statement runs go
 * together in the next, so 1,000 followers' copies cost a few statements, not 2,000, and a lone
 * copy still goes at once. A failed statement is retried in halves, so a bad leg fails only itself.
 */
export function createIntentBatches(sql: SqlPool): IntentBatches {
  const inserts = createGroupCommit<OrderLeg, IntentRow | null>({
    maxBatch: MAX_BATCH,
    async commit(legs) {
      const { rows } = await sql.query<IntentRow>(insertSentQuery(legs));
      const created = new Map(rows.map((row) => [row.clientOrderId, row]));
      return legs.map((l) => created.get(l.clientOrderId) ?? null);
    },
  });
  const settlements = createGroupCommit<IntentSettlement, boolean>({
    maxBatch: MAX_BATCH,
    async commit(items) {
      const { rows } = await sql.query<{ clientOrderId: string }>({
        ...settleOpen,
        values: columnsOf(items, settleColumns),
      });
      const settled = new Set(rows.map((row) => row.clientOrderId));
      return items.map((s) => settled.has(s.clientOrderId));
    },
  });
  // The kicks of a burst that find their legs already sent ask together.
  const lookups = createGroupCommit<readonly string[], Map<string, IntentState>>({
    maxBatch: MAX_BATCH,
    async commit(asks) {
      const { rows } = await sql.query<{ clientOrderId: string; state: IntentState }>({
        ...selectStates,
        values: [sqlArray([...new Set(asks.flat())])],
      });
      const found = new Map(rows.map((row) => [row.clientOrderId, row.state]));
      return asks.map(
        (ids) => new Map(ids.flatMap((id) => (found.has(id) ? [[id, found.get(id)!] as const] : []))),
      );
    },
  });
  return {
    createSent: (leg) => inserts.submit(leg),
    settle: (settlement) => settlements.submit(settlement),
    statesOf: (clientOrderIds) => lookups.submit(clientOrderIds),
  };
}

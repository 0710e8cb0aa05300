import type { OrderLeg } from '@copytrade/contracts';
import type { SqlPool } from '@copytrade/db/sql';
import type { Order } from '@copytrade/delta-client';
import { FinalStates } from './final-states.ts';
import { createIntentBatches } from './intent-batches.ts';
import type { IntentOutcome, IntentRow, IntentState } from './intent-row.ts';

export { terminalStates } from './final-states.ts';
export type { IntentOutcome, IntentRow, IntentState } from './intent-row.ts';

/** Enough for the legs of many fan-outs to 1,000 followers; ~100 bytes each. */
const FINAL_STATES_KEPT = 50_000;

/** States in which the request may already have reached the exchange: look up before any resend. */
export const inDoubtStates: ReadonlySet<IntentState> = new Set(['sent', 'unknown']);

/** The write-ahead record of every order: written before the request, unique by client order id. */
export interface IntentStore {
  /**
   * The copy path's one write before the request: records a new intent already `sent` (attempt 1)
   * in a single statement. Null when the intent exists already (a redelivery): use `ensure` then.
   */
  createSent(leg: OrderLeg): Promise<IntentRow | null>;
  /**
   * Records a leg as expired unless a request for it may have left: a new intent, or one still
   * `pending`. False when the intent exists in any other state (then it must be resolved, not expired).
   */
  expire(leg: OrderLeg, message: string): Promise<boolean>;
  ensure(leg: OrderLeg): Promise<IntentRow>;
  markSent(clientOrderId: string): Promise<IntentRow>;
  markPending(clientOrderId: string, code: string | undefined, message: string): Promise<void>;
  markUnknown(clientOrderId: string, code: string | undefined, message: string): Promise<void>;
  settle(clientOrderId: string, order: Order, state: 'accepted' | 'resolved'): Promise<void>;
  reject(clientOrderId: string, code: string, message: string): Promise<void>;
  statesOf(clientOrderIds: readonly string[]): Promise<Map<string, IntentState>>;
  /** The recorded outcome of an intent (null: none such), read on the rare path that records it again. */
  outcomeOf(clientOrderId: string): Promise<IntentOutcome | null>;
}

const outcomeSql = `
  SELECT "state"::text AS "state", "exchange_order_id" AS "exchangeOrderId", "error_code" AS "errorCode",
    "error_message" AS "errorMessage", "resolved_at" AS "resolvedAt"
  FROM "order_intents" WHERE "client_order_id" = $1`;

const returning = `RETURNING "client_order_id" AS "clientOrderId", "state"::text AS "state", "attempts",
  "sent_at" AS "sentAt"`;

// A new intent, or the one already there (a redelivery), as it is: nothing is rewritten.
const ensureSql = `
  WITH created AS (
    INSERT INTO "order_intents" ("id", "client_order_id", "correlation_id", "follower_account_id",
      "master_account_id", "symbol", "product_id", "side", "size", "reduce_only", "order_type",
      "limit_price", "leg", "updated_at")
    VALUES (gen_random_uuid(), $1, $2, $3::uuid, $4::uuid, $5, $6, $7::"OrderSide", $8, $9, $10,
      $11::numeric, $12, now())
    ON CONFLICT ("client_order_id") DO NOTHING
    ${returning}
  )
  SELECT * FROM created
  UNION ALL
  SELECT "client_order_id", "state"::text, "attempts", "sent_at" FROM "order_intents"
  WHERE "client_order_id" = $1 AND NOT EXISTS (SELECT 1 FROM created)`;

const expireSql = `
  INSERT INTO "order_intents" ("id", "client_order_id", "correlation_id", "follower_account_id",
    "master_account_id", "symbol", "product_id", "side", "size", "reduce_only", "order_type",
    "limit_price", "leg", "state", "attempts", "error_code", "error_message", "resolved_at", "updated_at")
  VALUES (gen_random_uuid(), $1, $2, $3::uuid, $4::uuid, $5, $6, $7::"OrderSide", $8, $9, $10,
    $11::numeric, $12, 'expired', 0, 'signal_expired', $13, now(), now())
  ON CONFLICT ("client_order_id") DO UPDATE SET "state" = 'expired', "error_code" = 'signal_expired',
    "error_message" = EXCLUDED."error_message", "resolved_at" = now(), "updated_at" = now()
    WHERE "order_intents"."state" = 'pending'
  RETURNING "state"::text AS "state"`;

// Every transition is conditional on an open state, so a late writer can never undo an outcome.
const moveSql = (set: string) => `
  UPDATE "order_intents" SET ${set}, "updated_at" = now()
  WHERE "client_order_id" = $1 AND "state" IN ('pending', 'sent', 'unknown')
  ${returning}`;
const markSentSql = moveSql(`"state" = 'sent', "attempts" = "attempts" + 1, "sent_at" = $2`);
const markFailedSql = moveSql(`"state" = $2::"IntentState", "error_code" = $3, "error_message" = $4`);
const rejectSql = moveSql(
  `"state" = 'rejected', "error_code" = $2, "error_message" = $3, "resolved_at" = $4`,
);

const legValues = (leg: OrderLeg) => [
  leg.clientOrderId,
  leg.correlationId,
  leg.followerAccountId,
  leg.masterAccountId,
  leg.symbol,
  leg.productId,
  leg.side,
  leg.size,
  leg.reduceOnly,
  leg.orderType,
  leg.limitPrice,
  leg.leg,
];

/**
 * Every statement on plain SQL (the executor loads no Prisma): the copy path's two batched across
 * drains, the rest (redeliveries, retries, refusals, expiries) one at a time.
 */
export function createIntentStore(sql: SqlPool): IntentStore {
  const batches = createIntentBatches(sql);
  const finalStates = new FinalStates(FINAL_STATES_KEPT);
  const move = async (clientOrderId: string, text: string, values: unknown[], to: IntentState) => {
    const { rows } = await sql.query<IntentRow>(text, [clientOrderId, ...values]);
    if (rows[0] === undefined) throw new Error(`intent ${clientOrderId} is not open; not moved to ${to}`);
    return rows[0];
  };
  return {
    createSent: (leg) => batches.createSent(leg),
    async expire(leg, message) {
      const { rows } = await sql.query(expireSql, [...legValues(leg), message]);
      if (rows.length === 1) finalStates.remember(leg.clientOrderId, 'expired');
      return rows.length === 1;
    },
    async ensure(leg) {
      const { rows } = await sql.query<IntentRow>(ensureSql, legValues(leg));
      if (rows[0] === undefined) throw new Error(`intent ${leg.clientOrderId} neither created nor found`);
      return rows[0];
    },
    markSent: (clientOrderId) => move(clientOrderId, markSentSql, [new Date()], 'sent'),
    async markPending(clientOrderId, code, message) {
      await move(clientOrderId, markFailedSql, ['pending', code ?? null, message], 'pending');
    },
    async markUnknown(clientOrderId, code, message) {
      await move(clientOrderId, markFailedSql, ['unknown', code ?? null, message], 'unknown');
    },
    async settle(clientOrderId, order, state) {
      // As every transition: an intent no longer open is an error for the caller, never overwritten.
      if (!(await batches.settle({ clientOrderId, order, state })))
        throw new Error(`intent ${clientOrderId} is not open; not settled as ${state}`);
      finalStates.remember(clientOrderId, state);
    },
    async reject(clientOrderId, code, message) {
      await move(clientOrderId, rejectSql, [code, message, new Date()], 'rejected');
      finalStates.remember(clientOrderId, 'rejected');
    },
    async outcomeOf(clientOrderId) {
      const { rows } = await sql.query<IntentOutcome>(outcomeSql, [clientOrderId]);
      return rows[0] ?? null;
    },
    async statesOf(clientOrderIds) {
      const states = new Map<string, IntentState>();
      const unknown: string[] = [];
      for (const clientOrderId of clientOrderIds) {
        const state = finalStates.get(clientOrderId);
        if (state === undefined) unknown.push(clientOrderId);
        else states.set(clientOrderId, state);
      }
      if (unknown.length === 0) return states;
      for (const [clientOrderId, state] of await batches.statesOf(unknown)) {
        states.set(clientOrderId, state);
        finalStates.remember(clientOrderId, state);
      }
      return states;
    },
  };
}

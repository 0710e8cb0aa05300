import type { OrderLeg } from '@copytrade/contracts';
import type { Db, SqlPool } from '@copytrade/db';
import type { Order } from '@copytrade/delta-client';

export type IntentState = 'pending' | 'sent' | 'accepted' | 'rejected' | 'unknown' | 'resolved' | 'expired';

export interface IntentRow {
  clientOrderId: string;
  state: IntentState;
  attempts: number;
  /** When the last request for it was sent (its signature's time); null before the first. */
  sentAt: Date | null;
}

/**
 * Terminal states. `accepted`: the placement answered with the order. `resolved`: the outcome was
 * learned by looking the order up after a lost or doubtful answer (adopted). `expired`: an opening
 * leg whose signal was too old, never sent.
 */
export const terminalStates: ReadonlySet<IntentState> = new Set([
  'accepted',
  'rejected',
  'resolved',
  'expired',
]);

/** States in which the request may already have reached the exchange: look up before any resend. */
export const inDoubtStates: ReadonlySet<IntentState> = new Set(['sent', 'unknown']);

const open = { in: ['pending', 'sent', 'unknown'] as IntentState[] };
const select = { clientOrderId: true, state: true, attempts: true, sentAt: true } as const;

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
}

// The copy path's two statements, run on plain node-postgres (see `createSqlPool`): the intent
// written before the request, and its settlement after the answer.
const insertSent = `
  INSERT INTO "order_intents" ("id", "client_order_id", "correlation_id", "follower_account_id",
    "master_account_id", "symbol", "product_id", "side", "size", "reduce_only", "order_type",
    "limit_price", "leg", "state", "attempts", "sent_at", "updated_at")
  VALUES (gen_random_uuid(), $1, $2, $3::uuid, $4::uuid, $5, $6, $7::"OrderSide", $8, $9, $10,
    $11::numeric, $12, 'sent', 1, now(), now())
  ON CONFLICT ("client_order_id") DO NOTHING
  RETURNING "client_order_id" AS "clientOrderId", "state"::text AS "state", "attempts", "sent_at" AS "sentAt"`;

const settleOpen = `
  UPDATE "order_intents" SET "state" = $2::"IntentState", "exchange_order_id" = $3, "filled_size" = $4,
    "avg_fill_price" = $5::numeric, "error_code" = NULL, "error_message" = NULL,
    "resolved_at" = now(), "updated_at" = now()
  WHERE "client_order_id" = $1 AND "state" IN ('pending', 'sent', 'unknown')`;

/** `sql` runs the copy path's two statements; the rest goes through Prisma. */
export function createIntentStore(db: Db, sql: SqlPool): IntentStore {
  const intents = db.orderIntent;
  // Every transition is conditional on a non-terminal state, so a late writer can never undo an outcome.
  const move = (clientOrderId: string, data: Parameters<typeof intents.update>[0]['data']) =>
    intents.update({ where: { clientOrderId, state: open }, data, select });
  const run = async <Row>(text: string, values: unknown[]): Promise<{ rows: Row[]; count: number }> => {
    const result = await sql.query(text, values);
    return { rows: result.rows as Row[], count: result.rowCount ?? 0 };
  };
  return {
    async createSent(leg) {
      const { rows } = await run<IntentRow>(insertSent, [
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
      ]);
      return rows[0] ?? null;
    },
    async expire(leg, message) {
      const rows = await db.$queryRaw<{ state: string }[]>`
        INSERT INTO "order_intents" ("id", "client_order_id", "correlation_id", "follower_account_id",
          "master_account_id", "symbol", "product_id", "side", "size", "reduce_only", "order_type",
          "limit_price", "leg", "state", "attempts", "error_code", "error_message", "resolved_at", "updated_at")
        VALUES (gen_random_uuid(), ${leg.clientOrderId}, ${leg.correlationId}, ${leg.followerAccountId}::uuid,
          ${leg.masterAccountId}::uuid, ${leg.symbol}, ${leg.productId}, ${leg.side}::"OrderSide", ${leg.size},
          ${leg.reduceOnly}, ${leg.orderType}, ${leg.limitPrice}::numeric, ${leg.leg}, 'expired', 0,
          'signal_expired', ${message}, now(), now())
        ON CONFLICT ("client_order_id") DO UPDATE SET "state" = 'expired', "error_code" = 'signal_expired',
          "error_message" = EXCLUDED."error_message", "resolved_at" = now(), "updated_at" = now()
          WHERE "order_intents"."state" = 'pending'
        RETURNING "state"::text AS "state"`;
      return rows.length === 1;
    },
    async ensure(leg) {
      return intents.upsert({
        where: { clientOrderId: leg.clientOrderId },
        create: {
          clientOrderId: leg.clientOrderId,
          correlationId: leg.correlationId,
          followerAccountId: leg.followerAccountId,
          masterAccountId: leg.masterAccountId,
          symbol: leg.symbol,
          productId: leg.productId,
          side: leg.side,
          size: leg.size,
          reduceOnly: leg.reduceOnly,
          orderType: leg.orderType,
          limitPrice: leg.limitPrice,
          leg: leg.leg,
        },
        update: {},
        select,
      });
    },
    markSent: (clientOrderId) =>
      move(clientOrderId, { state: 'sent', attempts: { increment: 1 }, sentAt: new Date() }),
    async markPending(clientOrderId, code, message) {
      await move(clientOrderId, { state: 'pending', errorCode: code ?? null, errorMessage: message });
    },
    async markUnknown(clientOrderId, code, message) {
      await move(clientOrderId, { state: 'unknown', errorCode: code ?? null, errorMessage: message });
    },
    async settle(clientOrderId, order, state) {
      const { count } = await run(settleOpen, [
        clientOrderId,
        state,
        order.id,
        order.size - order.unfilledSize,
        order.averageFillPrice ?? null,
      ]);
      // As every transition: an intent no longer open is an error for the caller, never overwritten.
      if (count !== 1) throw new Error(`intent ${clientOrderId} is not open; not settled as ${state}`);
    },
    async reject(clientOrderId, code, message) {
      await move(clientOrderId, {
        state: 'rejected',
        errorCode: code,
        errorMessage: message,
        resolvedAt: new Date(),
      });
    },
    async statesOf(clientOrderIds) {
      const rows = await intents.findMany({
        where: { clientOrderId: { in: [...clientOrderIds] } },
        select: { clientOrderId: true, state: true },
      });
      return new Map(rows.map((row) => [row.clientOrderId, row.state]));
    },
  };
}

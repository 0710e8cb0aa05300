import type { OrderLeg } from '@copytrade/contracts';
import type { Db, SqlPool } from '@copytrade/db';
import type { Order } from '@copytrade/delta-client';
import { FinalStates } from './final-states.ts';
import { createIntentBatches } from './intent-batches.ts';
import type { IntentRow, IntentState } from './intent-row.ts';

export { terminalStates } from './final-states.ts';
export type { IntentRow, IntentState } from './intent-row.ts';

/** Enough for the legs of many fan-outs to 1,000 followers; ~100 bytes each. */
const FINAL_STATES_KEPT = 50_000;

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

/** `sql` runs the copy path's two statements, batched across drains; the rest goes through Prisma. */
export function createIntentStore(db: Db, sql: SqlPool): IntentStore {
  const intents = db.orderIntent;
  const batches = createIntentBatches(sql);
  const finalStates = new FinalStates(FINAL_STATES_KEPT);
  // Every transition is conditional on a non-terminal state, so a late writer can never undo an outcome.
  const move = (clientOrderId: string, data: Parameters<typeof intents.update>[0]['data']) =>
    intents.update({ where: { clientOrderId, state: open }, data, select });
  return {
    createSent: (leg) => batches.createSent(leg),
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
      if (rows.length === 1) finalStates.remember(leg.clientOrderId, 'expired');
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
      // As every transition: an intent no longer open is an error for the caller, never overwritten.
      if (!(await batches.settle({ clientOrderId, order, state })))
        throw new Error(`intent ${clientOrderId} is not open; not settled as ${state}`);
      finalStates.remember(clientOrderId, state);
    },
    async reject(clientOrderId, code, message) {
      await move(clientOrderId, {
        state: 'rejected',
        errorCode: code,
        errorMessage: message,
        resolvedAt: new Date(),
      });
      finalStates.remember(clientOrderId, 'rejected');
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

import { z } from 'zod';
import {
  clientOrderId,
  contracts,
  decimalString,
  positiveContracts,
  side,
  symbol,
  uuid,
} from '../primitives.ts';

/**
 * One order to send for a follower: an entry of the follower's per-symbol outbox in Redis, written
 * by the mapper's target script (or exit-sync's correction) in the same atomic step that moved the
 * target, and drained in order by the executor.
 */
export const orderLeg = z.object({
  clientOrderId,
  correlationId: z.string().min(1),
  followerAccountId: uuid,
  masterAccountId: uuid.nullable(),
  followId: uuid.nullable(),
  symbol,
  productId: z.number().int().positive(),
  side,
  size: positiveContracts,
  reduceOnly: z.boolean(),
  leg: z.enum(['open', 'increase', 'reduce', 'close', 'correction']),
  orderType: z.enum(['market_order', 'limit_order']),
  limitPrice: decimalString.nullable(),
  /** The master sequence that planned it (0 for corrections). */
  seq: z.number().int().nonnegative(),
  targetBefore: contracts,
  targetAfter: contracts,
  /** The master fill's detection time, for end-to-end latency and the signal's age. */
  detectedAtMs: z.number().int().nonnegative(),
  plannedAtMs: z.number().int().nonnegative(),
  /** An opening leg whose master signal is older than this is not sent (closing legs always go). */
  maxSignalAgeMs: z.number().int().positive().optional(),
  /** A limit order of this leg still resting this long after it was accepted is cancelled. */
  restingOrderTtlMs: z.number().int().positive().optional(),
  /** The master fill's price the leg copies (none for corrections and resyncs): the slippage reference. */
  masterPrice: decimalString.optional(),
  /** The flip's close this open follows: if the close is refused, this open is taken out too. */
  dependsOn: clientOrderId.optional(),
});

export type OrderLeg = z.infer<typeof orderLeg>;

/** An outbox entry read as a leg; null when it is not valid JSON or not a leg (the drain dead-letters such). */
export function parseOrderLegEntry(entry: string): OrderLeg | null {
  try {
    const parsed = orderLeg.safeParse(JSON.parse(entry));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

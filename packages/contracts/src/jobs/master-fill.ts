import { z } from 'zod';
import {
  contracts,
  decimalString,
  epochMicros,
  epochMillis,
  positiveContracts,
  side,
  symbol,
  uuid,
} from '../primitives.ts';

/**
 * listener → mapper. Carries the master's position after the fill and the per-(master, symbol)
 * sequence number, which is all the mapper needs to mirror the position (ARCHITECTURE invariant 3).
 * Changed only by adding optional fields.
 */
export const masterFillJob = z
  .object({
    correlationId: z.string().min(1),
    masterAccountId: uuid,
    fillId: z.string().min(1),
    symbol,
    productId: z.number().int().positive(),
    side,
    size: positiveContracts,
    price: decimalString,
    /** The master's signed position in this symbol after the fill. */
    positionAfter: contracts,
    /** Grows by one with every fill applied for (master, symbol); a resync carries the follow's current one. */
    seq: z.number().int().nonnegative(),
    occurredAtUs: epochMicros,
    /** When the listener first saw the fill (ms): the start of the copy latency clock. */
    detectedAtMs: epochMillis,
    /** How the fill was seen; `exit_sync` for a resync. */
    source: z.enum(['ws', 'rest', 'exit_sync']),
    fillType: z.string().default('normal'),
    /**
     * Set on a retry for one follow whose mapping failed (its exchange read was rate limited or
     * failed): only that follow is mapped, so the others are not decided again.
     */
    followId: uuid.optional(),
    /**
     * From exit-sync, for one follow (`followId`): decide again on the master's actual position
     * (`position`: it differs from what the follow was decided on: a missed fill, a liquidation, lost
     * state) or take the follow out (`exit`: an ended follow). Applied at the follow's current seq,
     * never advancing it, and only if that is still its seq.
     */
    resync: z.enum(['position', 'exit']).optional(),
    /**
     * With a resync: the follower's exchange position, which the follower's total is first set to (the
     * difference charged to this follow), so the legs start from what the exchange holds.
     */
    rebaseTo: contracts.optional(),
    /** The total `rebaseTo` was read beside: the rebase applies only if the total is still that. */
    rebaseFromTotal: contracts.optional(),
  })
  // A follow that never saw a fill has seq 0; only a resync may carry it.
  .refine((job) => job.seq > 0 || job.resync !== undefined, {
    path: ['seq'],
    message: 'must be positive (0 only for a resync)',
  });

export type MasterFillJob = z.infer<typeof masterFillJob>;

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
export const masterFillJob = z.object({
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
  /** Grows by one with every fill applied for (master, symbol). */
  seq: z.number().int().positive(),
  occurredAtUs: epochMicros,
  /** When the listener first saw the fill (ms): the start of the copy latency clock. */
  detectedAtMs: epochMillis,
  source: z.enum(['ws', 'rest']),
  fillType: z.string().default('normal'),
  /**
   * Set on a retry for one follow whose mapping failed (its exchange read was rate limited or
   * failed): only that follow is mapped, so the others are not decided again.
   */
  followId: uuid.optional(),
});

export type MasterFillJob = z.infer<typeof masterFillJob>;

import { z } from 'zod';
import { clientOrderId, symbol, uuid } from '../primitives.ts';

/**
 * executor → executor, delayed to the leg's resting time limit: "if this accepted order is still
 * resting, cancel it and take its remainder back". The job id is derived from the client order id,
 * so an order is scheduled once. Changed only by adding optional fields.
 */
export const restingCheckJob = z.object({
  followerAccountId: uuid,
  symbol,
  clientOrderId,
  correlationId: z.string().min(1),
});

export type RestingCheckJob = z.infer<typeof restingCheckJob>;

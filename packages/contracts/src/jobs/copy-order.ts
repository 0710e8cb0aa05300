import { z } from 'zod';
import { symbol, uuid } from '../primitives.ts';

/**
 * mapper / exit-sync → executor: "this follower's outbox for this symbol has legs to send".
 * The job id is the first new leg's client order id, so a repeated decision enqueues nothing new.
 */
export const copyOrderJob = z.object({
  followerAccountId: uuid,
  symbol,
  correlationId: z.string().min(1),
  /** Client order ids of the legs this decision added: failures of these fail the job. */
  clientOrderIds: z.array(z.string().min(1)).min(1),
});

export type CopyOrderJob = z.infer<typeof copyOrderJob>;

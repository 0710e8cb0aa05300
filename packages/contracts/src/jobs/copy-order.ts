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

/** The name of a `copyOrderKicksJob` on the copy-orders queue (a single kick's name is free). */
export const copyOrderKicksJobName = 'kicks';

/**
 * mapper → executor: the kicks of one batch of a fan-out in one job, so 1,000 followers cost a few
 * queue jobs rather than 1,000. The executor drains them concurrently, in order (closes first); a kick
 * whose drain does not end cleanly (a wait, a failure, a refusal) is handed to a job of its own,
 * which retries and waits exactly as a single kick does. The job id is `kicks:` + the first kick's
 * first client order id.
 */
export const copyOrderKicksJob = z.object({
  correlationId: z.string().min(1),
  kicks: z.array(copyOrderJob).min(1).max(5_000),
});

export type CopyOrderKicksJob = z.infer<typeof copyOrderKicksJob>;

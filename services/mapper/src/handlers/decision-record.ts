import { bookFields, contracts, positiveContracts, type RedisKeys, side } from '@copytrade/contracts';
import type { CopyDecision } from '@copytrade/copy-engine';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';

const decidedLeg = z.object({
  clientOrderId: z.string().min(1),
  side,
  size: positiveContracts,
  reduceOnly: z.boolean(),
  leg: z.string(),
});

const taken = z.object({
  /** The fill (or resync) it was decided for: a replay records only its own. */
  correlationId: z.string().min(1),
  ok: z.literal(true),
});
const refused = taken.extend({ ok: z.literal(false), reason: z.string().min(1), detail: z.string() });
const committed = {
  targetBefore: contracts,
  targetAfter: contracts,
  totalBefore: contracts,
  totalAfter: contracts,
  legs: z.array(decidedLeg),
};

/**
 * A follow's committed decision as its target step keeps it in the follower's book
 * (`<followId>:decided`): a mapper that dies after that step and before its audit event was queued
 * leaves the event to the job's replay, which finds the seq applied and can decide nothing again.
 */
export const decisionRecord = z.discriminatedUnion('ok', [
  taken.extend(committed),
  refused.extend(committed),
]);

export type DecisionRecord = z.infer<typeof decisionRecord>;

/** What the caller knows of a decision; the script adds the targets, totals and legs it committed. */
export type DecisionNote = z.infer<typeof taken> | z.infer<typeof refused>;

export function decisionNote(correlationId: string, decision: CopyDecision): DecisionNote {
  return decision.ok
    ? { correlationId, ok: true }
    : { correlationId, ok: false, reason: decision.reason, detail: decision.detail };
}

/** The follow's stored decision, or what is wrong with it; undefined when none is stored. */
export async function readDecisionRecord(
  deps: { redis: Redis; keys: RedisKeys },
  query: { followerAccountId: string; followId: string; symbol: string },
): Promise<z.ZodSafeParseResult<DecisionRecord> | undefined> {
  const raw = await deps.redis.hget(
    deps.keys.followerBook(query.followerAccountId, query.symbol),
    bookFields.decided(query.followId),
  );
  if (raw === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = raw;
  }
  return decisionRecord.safeParse(json);
}

import {
  contracts,
  decisionFields,
  type MasterFillJob,
  positiveContracts,
  type RedisKeys,
  side,
} from '@copytrade/contracts';
import type { CopyDecision } from '@copytrade/copy-engine';
import type { Redis } from '@copytrade/runtime';
import { z } from 'zod';

const keptLeg = z.object({
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
  legs: z.array(keptLeg),
};

/**
 * A follow's committed decision for a fill as its target step keeps it (the follower's decisions hash,
 * `decisionFields`): a mapper that dies after that step and before its audit event was queued leaves
 * the event to the job's replay, which finds the seq applied and can decide nothing again.
 */
export const decisionRecord = z.discriminatedUnion('ok', [
  taken.extend(committed),
  refused.extend(committed),
]);

export type DecisionRecord = z.infer<typeof decisionRecord>;

/** What the caller knows of a decision; the script adds the targets, totals and legs it committed. */
export type DecisionNote = z.infer<typeof taken> | z.infer<typeof refused>;

/** Where the target step keeps the decision of this fill for this follow. */
export function keptDecision(
  keys: RedisKeys,
  job: MasterFillJob,
  f: { followerAccountId: string; followId: string },
  note: DecisionNote,
) {
  return {
    key: keys.followerDecisions(f.followerAccountId, job.symbol),
    field: decisionFields.slot(f.followId, job.seq),
    ttlMs: decisionFields.ttlMs,
    note,
  };
}

export function decisionNote(correlationId: string, decision: CopyDecision): DecisionNote {
  return decision.ok
    ? { correlationId, ok: true }
    : { correlationId, ok: false, reason: decision.reason, detail: decision.detail };
}

/**
 * The follow's kept decision for this fill, or what is wrong with what its slot holds; undefined when
 * the slot holds none or another fill's (a later one's, once the master traded past the slots).
 */
export async function readDecisionRecord(
  deps: { redis: Redis; keys: RedisKeys },
  job: MasterFillJob,
  f: { followerAccountId: string; followId: string },
): Promise<z.ZodSafeParseResult<DecisionRecord> | undefined> {
  const raw = await deps.redis.hget(
    deps.keys.followerDecisions(f.followerAccountId, job.symbol),
    decisionFields.slot(f.followId, job.seq),
  );
  if (raw === null) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = raw;
  }
  const parsed = decisionRecord.safeParse(json);
  return parsed.success && parsed.data.correlationId !== job.correlationId ? undefined : parsed;
}

import { type AuditEvent, type CopyOrderJob, copyOrderKicksJobName } from '@copytrade/contracts';
import { closesFirst } from '@copytrade/copy-engine';
import type { FollowState, FollowStateQuery } from '../handlers/follow-state.ts';
import type { MapperDeps, QueuedKicks } from '../handlers/mapper-deps.ts';
import type { RiskSnapshot } from '../risk/equity-book.ts';
import type { TargetUpdate, TargetUpdateResult } from '../scripts/target-script.ts';
import type { BatchScope, Settled } from './batch-scope.ts';

export interface Kick {
  job: CopyOrderJob;
  /** Its legs close or reduce: queued ahead of the batch's opens. */
  closes: boolean;
}

/** A follower's equity to record in its risk step, and when. */
export interface RiskRequest {
  accountId: string;
  equity: string;
  now: number;
}

/**
 * The Redis and queue steps of one batch of a fan-out, each sent for the batch's followers at once:
 * one pipeline of state reads, one script call of risk snapshots (or both in one round trip), one of
 * target updates (each still its own compare-and-set), one `addBulk` of kicks (closes first) and one
 * of audit events.
 */
export interface FanOutOps {
  readState(query: FollowStateQuery): Promise<FollowState>;
  /** The state read and the risk step sent together: one round trip where they would take two. */
  readStateWithRisk(
    query: FollowStateQuery,
    risk: RiskRequest,
  ): Promise<{ state: FollowState; risk: RiskSnapshot }>;
  riskSnapshot(accountId: string, equity: string, now: number): Promise<RiskSnapshot>;
  applyTarget(update: TargetUpdate): Promise<TargetUpdateResult>;
  kick(kick: Kick): Promise<void>;
  /**
   * Fails when the events could not be queued: the copy has gone out by then, and the follow's retry
   * (stale by then) records its decision from what the target step kept.
   */
  record(event: AuditEvent): Promise<void>;
}

/**
 * A batch's kicks as one job for the executor, closes first; a lone kick as a job of its own. The id
 * (the first leg's client order id) dedupes a kick or a batch sent again by a replay.
 */
export function kickJobOf(kicks: CopyOrderJob[]): QueuedKicks {
  const first = kicks[0]!;
  const id = first.clientOrderIds[0]!;
  return kicks.length === 1
    ? { name: 'kick', data: first, opts: { jobId: id } }
    : {
        name: copyOrderKicksJobName,
        data: { correlationId: first.correlationId, kicks },
        opts: { jobId: `kicks-${id}` },
      };
}

const allOk = <T>(count: number, value: T): Settled<T>[] =>
  Array.from({ length: count }, () => ({ ok: true as const, value }));

export function fanOutOps(deps: MapperDeps, scope: BatchScope): FanOutOps {
  const readState = scope.step((queries: FollowStateQuery[]) => deps.states.readMany(queries));
  const riskSnapshot = scope.step((requests: RiskRequest[]) => deps.risk.snapshotMany(requests));
  const readStateWithRisk = scope.step(async (inputs: { query: FollowStateQuery; risk: RiskRequest }[]) => {
    const [states, risks] = await Promise.all([
      deps.states.readMany(inputs.map((i) => i.query)),
      deps.risk.snapshotMany(inputs.map((i) => i.risk)),
    ]);
    return states.map((state, i): Settled<{ state: FollowState; risk: RiskSnapshot }> => {
      const risk = risks[i] ?? { ok: false, error: new Error('no risk snapshot') };
      if (!state.ok) return state;
      if (!risk.ok) return risk;
      return { ok: true, value: { state: state.value, risk: risk.value } };
    });
  });
  const applyTarget = scope.step((updates: TargetUpdate[]) => deps.targets.applyMany(updates));
  const kick = scope.step(async (kicks: Kick[]) => {
    await deps.kicks.addBulk([kickJobOf(closesFirst(kicks, (k) => k.closes).map((k) => k.job))]);
    return allOk(kicks.length, undefined);
  });
  const record = scope.step(async (events: AuditEvent[]) => {
    await deps.audit.publishMany(events);
    return allOk(events.length, undefined);
  });
  return {
    readState,
    readStateWithRisk: (query, risk) => readStateWithRisk({ query, risk }),
    riskSnapshot: (accountId, equity, now) => riskSnapshot({ accountId, equity, now }),
    applyTarget,
    kick,
    record,
  };
}

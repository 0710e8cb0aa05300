import type { AuditEvent } from '@copytrade/contracts';
import type { FollowState, FollowStateQuery } from '../handlers/follow-state.ts';
import type { MapperDeps } from '../handlers/mapper-deps.ts';
import type { RiskSnapshot } from '../risk/equity-book.ts';
import type { TargetUpdate, TargetUpdateResult } from '../scripts/target-script.ts';
import type { BatchScope, Settled } from './batch-scope.ts';

/** A follower's equity to record in its risk step, and when. */
export interface RiskRequest {
  accountId: string;
  equity: string;
  now: number;
}

/**
 * The Redis and queue steps of one batch of a fan-out, each sent for the batch's followers at once:
 * one pipeline of state reads, one script call of risk snapshots (or both in one round trip), one of
 * target updates (each still its own compare-and-set, each queueing its legs' kick on the executors'
 * stream) and one of audit events.
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
  /**
   * Fails when the events could not be queued: the copy has gone out by then, and the follow's retry
   * (stale by then) records its decision from what the target step kept.
   */
  record(event: AuditEvent): Promise<void>;
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
  const record = scope.step(async (events: AuditEvent[]) => {
    await deps.audit.publishMany(events);
    return allOk(events.length, undefined);
  });
  return {
    readState,
    readStateWithRisk: (query, risk) => readStateWithRisk({ query, risk }),
    riskSnapshot: (accountId, equity, now) => riskSnapshot({ accountId, equity, now }),
    applyTarget,
    record,
  };
}

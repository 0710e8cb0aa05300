import type { AuditEvent } from '@copytrade/contracts';
import type { FollowState, FollowStateQuery } from '../handlers/follow-state.ts';
import type { MapperDeps } from '../handlers/mapper-deps.ts';
import type { RiskSnapshot } from '../risk/equity-book.ts';
import type { TargetUpdate, TargetUpdateResult } from '../scripts/target-script.ts';
import type { BatchScope, Settled } from './batch-scope.ts';
import type { DecisionEvents } from './decision-events.ts';

/** A follower's equity to record in its risk step, and when. */
export interface RiskRequest {
  accountId: string;
  equity: string;
  now: number;
}

/**
 * The Redis steps of one batch of a fan-out, each sent for the batch's followers at once:
 * one pipeline of state reads, one script call of risk snapshots (or both in one round trip), one of
 * target updates (each still its own compare-and-set, each queueing its legs' kick on the executors'
 * stream); the audit events wait for the whole fan-out.
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
   * Keeps a follow's audit event for the fan-out to queue once its decisions are all made (outside the
   * master's serial section, after the publisher's linger): `DecisionEvents`.
   */
  record(followId: string, event: AuditEvent): void;
}

export function fanOutOps(deps: MapperDeps, scope: BatchScope, events: DecisionEvents): FanOutOps {
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
  return {
    readState,
    readStateWithRisk: (query, risk) => readStateWithRisk({ query, risk }),
    riskSnapshot: (accountId, equity, now) => riskSnapshot({ accountId, equity, now }),
    applyTarget,
    record: (followId, event) => events.add(followId, event),
  };
}

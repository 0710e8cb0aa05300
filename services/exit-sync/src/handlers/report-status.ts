import { makeAuditEvent } from '@copytrade/contracts';
import type { SyncState } from '@copytrade/copy-engine';
import type { PositionValue } from '../exchange/positions.ts';
import { markReported, type SyncMemory } from '../state/sync-memory.ts';
import type { FollowView } from './load-follows.ts';
import type { ReconcileDeps } from './reconcile-deps.ts';

export interface PositionStatus {
  followerAccountId: string;
  symbol: string;
  state: SyncState;
  total: number;
  actual: number;
  repairs: number;
  message: string | null;
  /** Each follow's own target on the symbol. */
  targets: Map<string, number>;
  /** The follower's whole position's entry price and PnL (shared by its follows on the symbol). */
  value: PositionValue;
}

/**
 * Records each follow's sync status through the audit service (the single writer of the status
 * table): on a change, or again after the heartbeat so its last-verified time stays fresh. PnL moves
 * with every price, so it is no change of its own: it rides along and is as fresh as the heartbeat.
 */
export async function reportStatus(
  deps: ReconcileDeps,
  follows: readonly FollowView[],
  memory: SyncMemory,
  s: PositionStatus,
): Promise<void> {
  const drift = s.total - s.actual;
  deps.metrics.drift(s.followerAccountId, s.symbol, drift);
  const at = deps.now();
  const reported: { followId: string; key: string }[] = [];
  const events = [];
  for (const follow of follows) {
    const target = s.targets.get(follow.followId) ?? 0;
    const key = `${s.state}|${drift}|${target}|${s.total}|${s.actual}|${s.repairs}`;
    const last = memory.reported.get(follow.followId);
    if (last?.key === key && at - last.at < deps.settings.statusHeartbeatMs) continue;
    if (last === undefined && s.state === 'in_sync' && target === 0 && s.actual === 0) continue;
    reported.push({ followId: follow.followId, key });
    events.push(
      makeAuditEvent({
        type: 'sync.status',
        eventId: `sync.status:${follow.followId}:${s.symbol}:${at}`,
        correlationId: null,
        accountId: s.followerAccountId,
        service: 'exit-sync',
        payload: {
          followId: follow.followId,
          masterAccountId: follow.masterAccountId,
          followerAccountId: s.followerAccountId,
          symbol: s.symbol,
          state: s.state,
          target,
          totalTarget: s.total,
          actual: s.actual,
          drift,
          repairs: s.repairs,
          message: s.message,
          ...s.value,
        },
      }),
    );
  }
  if (events.length === 0) return;
  await deps.statusEvents.publishMany(events);
  await markReported(deps, s.followerAccountId, s.symbol, reported, at);
}

import type { AccountDirectory } from '@copytrade/accounts';
import type { AuditEvent, CopyOrderJob, MasterFillJob, ReconcileJob, RedisKeys } from '@copytrade/contracts';
import type { EventPublisher, Logger, Redis } from '@copytrade/runtime';
import type { FollowWrites } from '../db/follow-writes.ts';
import type { FollowerReads } from '../db/follower-reads.ts';
import type { ExchangePosition } from '../exchange/positions.ts';
import type { SharedReads } from '../exchange/shared-reads.ts';
import type { ExitSyncMetrics } from '../metrics/exit-sync-metrics.ts';
import type { ExitSyncScripts } from '../scripts/load-scripts.ts';

interface AddQueue<T> {
  add(name: string, data: T, options?: { jobId?: string; deduplication?: { id: string } }): Promise<unknown>;
}

export interface ReconcileSettings {
  maxRepairs: number;
  repairBackoffMs: number;
  inFlightMs: number;
  statusHeartbeatMs: number;
}

export interface ReconcileDeps {
  /** The reads every reconcile makes, and the fan-out's (plain SQL). */
  reads: FollowerReads;
  /** A follow stopped or made close-only. */
  writes: FollowWrites;
  redis: Redis;
  keys: RedisKeys;
  accounts: AccountDirectory;
  scripts: ExitSyncScripts;
  /** Masters' positions on the exchange by symbol, one read shared by their followers' reconciles. */
  masterPositions: SharedReads<Map<string, ExchangePosition>>;
  /** Resyncs go to the mapper, the one writer of target state. */
  masterFills: AddQueue<MasterFillJob>;
  /** Corrections are kicked to the executor like copies. */
  kicks: AddQueue<CopyOrderJob>;
  reconcile: AddQueue<ReconcileJob> & {
    addBulk(
      jobs: { name: string; data: ReconcileJob; opts?: { deduplication?: { id: string } } }[],
    ): Promise<unknown>;
  };
  audit: EventPublisher<AuditEvent>;
  /** Sync status events: nobody waits on them, so they linger to share an audit job. */
  statusEvents: EventPublisher<AuditEvent>;
  /** Tells every service that a follow changed (a risk exit or an ended follow). */
  settingsChanged(followId: string): Promise<void>;
  metrics: ExitSyncMetrics;
  settings: ReconcileSettings;
  logger: Logger;
  now: () => number;
}

import type { RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import type { LockHolder } from '../outbox/drain-lock.ts';
import type { RunningDrains } from '../outbox/running-drains.ts';
import type { RestingChecks } from '../resting/resting-checks.ts';
import type { ExecutorScripts } from '../scripts/load-scripts.ts';
import type { LegDeps } from './leg-deps.ts';
import type { FollowerBroker } from './order-gateway.ts';

export interface DrainDeps extends LegDeps {
  redis: Redis;
  scripts: ExecutorScripts;
  keys: RedisKeys;
  brokerOf(followerAccountId: string): Promise<FollowerBroker>;
  /** Where the check of an order left resting is scheduled, at its leg's resting time limit. */
  restingChecks: RestingChecks;
  /** @defaultValue 10000 */
  lockTtlMs?: number;
  /** This executor process, named in its drain locks so that they are taken over once it is dead. */
  lockHolder?: LockHolder;
  /** This process's drains under way: a kick whose outbox one of them holds waits for it. */
  runningDrains: RunningDrains;
  /** How long a kick waits on the drain of this process that covers it settling no leg (`EXECUTOR_COVERED_WAIT_MS`). */
  coveredWaitMs: number;
  /** How long a kick looks again while another process holds its outbox (`EXECUTOR_HELD_WAIT_MS`). */
  heldWaitMs: number;
  /** Tells the services off the copy path that copies are under way (`copyPathMarker`). */
  markCopyPathBusy?: () => void;
}

import type { AuditEvent, MasterFillJob, RedisKeys } from '@copytrade/contracts';
import type { SerialByKey } from '../fan-out/serial-by-key.ts';
import type { EventPublisher, Logger, Redis } from '@copytrade/runtime';
import type { FollowerDirectory } from '../followers/follower-directory.ts';
import type { FollowStateReader } from './follow-state.ts';
import type { MarketData } from '../market/market-data.ts';
import type { MapperMetrics } from '../metrics/mapper-metrics.ts';
import type { EquityBook } from '../risk/equity-book.ts';
import type { TargetScript } from '../scripts/target-script.ts';

/** Where per-follow retries of a master fill go (the master-fills queue itself). */
export interface RetryQueue {
  add(name: string, data: MasterFillJob, options: { jobId: string; delay: number }): Promise<unknown>;
}

export interface MapperDeps {
  followers: FollowerDirectory;
  market: MarketData;
  risk: EquityBook;
  targets: TargetScript;
  /** Reads follows' target state in batches. */
  states: FollowStateReader;
  /** Reads the target state (the script is its only writer). */
  redis: Redis;
  keys: RedisKeys;
  retries: RetryQueue;
  /** Maps the fills of one (master, symbol) one at a time, in order. */
  serial: SerialByKey;
  /** Follows decided side by side, their Redis steps and enqueues batched (MAPPER_BATCH_SIZE). */
  batchSize: number;
  /** Batches of one fill decided at once (MAPPER_BATCHES_IN_FLIGHT). */
  batchesInFlight: number;
  audit: EventPublisher<AuditEvent>;
  /** Tells the services off the copy path that copies are under way (`copyPathMarker`). */
  markCopyPathBusy: () => void;
  metrics: MapperMetrics;
  logger: Logger;
  now: () => number;
}

import type { AuditEvent, CopyOrderJob, RedisKeys } from '@copytrade/contracts';
import type { EventPublisher, Logger, Redis } from '@copytrade/runtime';
import type { FollowerDirectory } from '../followers/follower-directory.ts';
import type { MarketData } from '../market/market-data.ts';
import type { MapperMetrics } from '../metrics/mapper-metrics.ts';
import type { EquityBook } from '../risk/equity-book.ts';
import type { TargetScript } from '../scripts/target-script.ts';

/** Where copy-orders kicks go (a BullMQ queue; the job id dedupes a repeated kick). */
export interface KickQueue {
  add(name: string, data: CopyOrderJob, options: { jobId: string }): Promise<unknown>;
}

export interface MapperDeps {
  followers: FollowerDirectory;
  market: MarketData;
  risk: EquityBook;
  targets: TargetScript;
  /** Reads the target state (the script is its only writer). */
  redis: Redis;
  keys: RedisKeys;
  kicks: KickQueue;
  audit: EventPublisher<AuditEvent>;
  metrics: MapperMetrics;
  logger: Logger;
  now: () => number;
}

import { AccountDirectory } from '@copytrade/accounts';
import { type AuditEvent, redisKeys } from '@copytrade/contracts';
import type { SqlPool } from '@copytrade/db/sql';
import {
  copyPathMarker,
  createCopyPathGate,
  createEventPublisher,
  type Logger,
  type Metrics,
  type Redis,
} from '@copytrade/runtime';
import type { Vault } from '@copytrade/vault';
import type { Queue } from 'bullmq';
import type { MapperConfig } from './config.ts';
import { createFollowerDirectory } from './followers/follower-directory.ts';
import { serialByKey } from './fan-out/serial-by-key.ts';
import type { MapperDeps, RetryQueue } from './handlers/mapper-deps.ts';
import { MarkStreams } from './market/mark-streams.ts';
import { createDeferredReloads } from './market/deferred-reloads.ts';
import { createMarketData } from './market/market-data.ts';
import { WalletStreams } from './market/wallet-streams.ts';
import { createMapperMetrics } from './metrics/mapper-metrics.ts';
import { createEquityBook } from './risk/equity-book.ts';
import { loadTargetScript } from './scripts/target-script.ts';
import { createFollowStateReader } from './handlers/follow-state.ts';

// As long as the account directory keeps an account (its default), but served stale meanwhile.
const ACCOUNTS_TTL_MS = 30_000;
// A wallet stream whose key the exchange refused is tried again after this long (REST meanwhile).
const WALLET_STREAM_RETRY_MS = 60_000;
// Deferred reloads after a burst: enough side by side to be done within a second at 1,000 accounts,
// few enough to leave the pool's connections to a fill that comes meanwhile.
const DEFERRED_RELOADS_AT_ONCE = 32;

export interface DepsInput {
  config: Pick<
    MapperConfig,
    | 'QUEUE_PREFIX'
    | 'MAPPER_BATCH_SIZE'
    | 'MAPPER_BATCHES_IN_FLIGHT'
    | 'FOLLOWERS_TTL_MS'
    | 'FOLLOWERS_MAX_STALE_MS'
    | 'BALANCES_TTL_MS'
    | 'BALANCES_MAX_STALE_MS'
    | 'COPY_PATH_DEFER_MAX_MS'
    | 'PRODUCTS_TTL_MS'
    | 'PRODUCTS_MAX_STALE_MS'
    | 'TICKER_TTL_MS'
    | 'WALLET_STREAMS'
    | 'WALLET_STREAM_IDLE_MS'
    | 'EVENT_LINGER_MS'
  >;
  sql: SqlPool;
  vault: Vault;
  redis: Redis;
  retries: RetryQueue;
  auditQueue: Queue;
  metrics: Metrics;
  logger: Logger;
  now?: () => number;
}

/** The handler's dependencies from live connections (shared by `start` and the handler tests). */
export function buildDeps(
  input: DepsInput,
): MapperDeps & { accounts: AccountDirectory; marks: MarkStreams; wallets: WalletStreams | undefined } {
  const { config, sql, redis, logger } = input;
  const keys = redisKeys(config.QUEUE_PREFIX);
  const accounts = new AccountDirectory({
    vault: input.vault,
    logger,
    sql,
  });
  const marks = new MarkStreams(logger);
  const metrics = createMapperMetrics(input.metrics);
  const wallets = config.WALLET_STREAMS
    ? new WalletStreams({
        open: (id, options) => accounts.socket(id, options),
        logger,
        idleMs: config.WALLET_STREAM_IDLE_MS,
        retryMs: WALLET_STREAM_RETRY_MS,
        onRead: (source) => metrics.walletReads.inc({ source }),
      })
    : undefined;
  if (wallets) metrics.watchWalletStreams(wallets);
  // Background reloads of stale caches (follower lists, balances, accounts) wait for a burst of copies to pass.
  const reloads =
    config.COPY_PATH_DEFER_MAX_MS > 0
      ? createDeferredReloads({
          gate: createCopyPathGate({
            redis,
            key: keys.copyPathBusy(),
            maxDeferMs: config.COPY_PATH_DEFER_MAX_MS,
          }),
          concurrency: DEFERRED_RELOADS_AT_ONCE,
        })
      : undefined;
  return {
    accounts,
    marks,
    wallets,
    followers: createFollowerDirectory(sql, {
      ttlMs: config.FOLLOWERS_TTL_MS,
      maxStaleMs: config.FOLLOWERS_MAX_STALE_MS,
      scheduleReload: reloads && ((reload) => reloads.schedule(reload)),
    }),
    market: createMarketData(accounts, {
      balancesTtlMs: config.BALANCES_TTL_MS,
      balancesMaxStaleMs: config.BALANCES_MAX_STALE_MS,
      productsTtlMs: config.PRODUCTS_TTL_MS,
      productsMaxStaleMs: config.PRODUCTS_MAX_STALE_MS,
      tickerTtlMs: config.TICKER_TTL_MS,
      accountsTtlMs: ACCOUNTS_TTL_MS,
      marks,
      wallets,
      reloads,
    }),
    risk: createEquityBook(redis, keys),
    targets: loadTargetScript(redis),
    states: createFollowStateReader(redis, keys),
    redis,
    keys,
    retries: input.retries,
    serial: serialByKey(),
    batchSize: config.MAPPER_BATCH_SIZE,
    batchesInFlight: config.MAPPER_BATCHES_IN_FLIGHT,
    audit: createEventPublisher<AuditEvent>(input.auditQueue, { lingerMs: config.EVENT_LINGER_MS }),
    markCopyPathBusy: copyPathMarker({
      redis,
      key: keys.copyPathBusy(),
      onError: (err) => logger.warn({ err }, 'copy path not marked busy'),
    }),
    metrics,
    logger,
    now: input.now ?? Date.now,
  };
}

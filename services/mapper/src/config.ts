import { eventLingerEnvSchema, baseEnvSchema, workerEnvSchema } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';

const serviceEnvSchema = baseEnvSchema
  .extend(vaultEnvSchema.shape)
  .extend(workerEnvSchema.shape)
  .extend(eventLingerEnvSchema.shape);

export const mapperEnvSchema = serviceEnvSchema.extend({
  /** Master fills processed at once. @defaultValue 16 */
  MAPPER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /**
   * Follows of one fill decided side by side, each step of theirs one Redis round trip and each
   * enqueue one `addBulk`: larger batches cost fewer round trips, smaller ones send the first
   * followers' orders sooner. @defaultValue 128
   */
  MAPPER_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(128),
  /**
   * Batches of one fill decided at once: while one waits on Redis, the next decides. Two keep that
   * overlap; more only hold more of a fan-out's decisions in memory at once (8: the mapper's peak RSS
   * at 1,000 followers 1.06x, its orders no sooner). @defaultValue 2
   */
  MAPPER_BATCHES_IN_FLIGHT: z.coerce.number().int().min(1).max(64).default(2),
  /** How long a master's follower list is trusted (a settings-changed message drops it at once). */
  FOLLOWERS_TTL_MS: z.coerce.number().int().min(0).default(5_000),
  /**
   * Past FOLLOWERS_TTL_MS, a follower list younger than this is still used while it reloads in the
   * background, so a fill does not wait on the database (0: never serve stale). @defaultValue 60000
   */
  FOLLOWERS_MAX_STALE_MS: z.coerce.number().int().min(0).default(60_000),
  /** How long an account's balances are reused. */
  BALANCES_TTL_MS: z.coerce.number().int().min(0).default(2_000),
  /**
   * Past BALANCES_TTL_MS, balances younger than this are still used while they reload in the
   * background, so a fill does not wait on the exchange (0: never serve stale). @defaultValue 10000
   */
  BALANCES_MAX_STALE_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * The background reloads of stale balances (and of which exchange an account is on) wait while
   * copies are under way (the mapper and the executor mark them), up to this long per burst, then run
   * a group at a time: a fan-out's orders get the cores, the sockets and the exchange first, and the
   * balances are read after the orders that change them (0: reload at once). @defaultValue 2000
   */
  COPY_PATH_DEFER_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /**
   * Keep each account's wallet from its private `margins` stream (one WebSocket per follower and
   * master this replica decided for lately): a decision sees a deposit or the margin of the last copy
   * as soon as the exchange announces it. Off, balances are REST reads cached for BALANCES_TTL_MS,
   * which also answer while a stream is down. Off by default: at 1,000 followers it cost the mapper
   * more CPU and memory than the cached reads and placed no order sooner (README, Benchmarks).
   * @defaultValue false
   */
  WALLET_STREAMS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** A wallet stream no decision has read for this long is closed. @defaultValue 900000 */
  WALLET_STREAM_IDLE_MS: z.coerce.number().int().min(1_000).default(900_000),
  /** How long product specs (contract value, tick size) are reused. */
  PRODUCTS_TTL_MS: z.coerce.number().int().min(0).default(60_000),
  /** As BALANCES_MAX_STALE_MS, for product specs. @defaultValue 600000 */
  PRODUCTS_MAX_STALE_MS: z.coerce.number().int().min(0).default(600_000),
  /** How long a REST ticker (the slippage check's market price while the mark stream is down) is reused; at most 500 ms. */
  TICKER_TTL_MS: z.coerce.number().int().min(0).max(500).default(500),
});

export type MapperConfig = z.infer<typeof mapperEnvSchema>;

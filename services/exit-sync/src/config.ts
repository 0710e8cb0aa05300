import { baseEnvSchema, workerEnvSchema } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';

const serviceEnvSchema = baseEnvSchema.extend(vaultEnvSchema.shape).extend(workerEnvSchema.shape);

export const exitSyncEnvSchema = serviceEnvSchema.extend({
  /** How often every follower is reconciled with the exchange. @defaultValue 5000 */
  RECONCILE_INTERVAL_MS: z.coerce.number().int().min(200).max(3_600_000).default(5_000),
  /**
   * A master's positions read for one follower serve the others for this long (reconciles in a cycle
   * would otherwise read them once per follower, on the master's own rate limit). @defaultValue 1000
   */
  MASTER_POSITIONS_MAX_AGE_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  /**
   * Reconciles started per second at most, across every replica (0: no limit). Each costs the exchange
   * 2–3 reads, the database 2–3 queries and exit-sync ~2.8 ms of CPU, so a cycle over many followers is
   * spread out instead of competing with the copy path: 1,000 followers at 25/s are each reconciled
   * every 40 s; up to 125 followers, every `RECONCILE_INTERVAL_MS` still.
   * @defaultValue 25
   */
  RECONCILE_MAX_PER_SECOND: z.coerce.number().int().min(0).max(100_000).default(25),
  /**
   * While copies are under way (the mapper and the executor mark them), a follower's reconcile waits
   * for them to pass, up to this long per burst: the copies get the cores first, and the positions
   * are read once they settled. Then reconciles go through until the copies stop (0: never wait).
   * @defaultValue 2000
   */
  COPY_PATH_DEFER_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
  /** Followers reconciled at once. @defaultValue 4 */
  EXIT_SYNC_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /** Corrections sent for one drift before exit-sync stops and alerts. @defaultValue 3 */
  MAX_REPAIRS: z.coerce.number().int().min(1).max(100).default(3),
  /** How long a drift that survived its repairs is left alone before the next round. @defaultValue 60000 */
  REPAIR_BACKOFF_MS: z.coerce.number().int().min(0).default(60_000),
  /** An order intent not yet settled counts as in flight for this long (the broker timeout and more). @defaultValue 15000 */
  IN_FLIGHT_MS: z.coerce.number().int().min(0).default(15_000),
  /** A follow's unchanged sync status is recorded again after this long (its last-verified time). @defaultValue 60000 */
  SYNC_STATUS_HEARTBEAT_MS: z.coerce.number().int().min(0).default(60_000),
  /**
   * How long a sync status event waits for others to share its audit job: reconciles run ~25 a second,
   * each with its own status change during a fan-out, and one job per event cost exit-sync and the
   * audit service more than the events did. The status lags the check by this much at most. On stop,
   * what waits is sent at once. @defaultValue 200
   */
  SYNC_STATUS_LINGER_MS: z.coerce.number().int().min(0).max(60_000).default(200),
});

export type ExitSyncConfig = z.infer<typeof exitSyncEnvSchema>;

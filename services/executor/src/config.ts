import { eventLingerEnvSchema, baseEnvSchema, workerEnvSchema } from '@copytrade/runtime';
import { vaultEnvSchema } from '@copytrade/vault';
import { z } from 'zod';

const serviceEnvSchema = baseEnvSchema
  .extend(vaultEnvSchema.shape)
  .extend(workerEnvSchema.shape)
  .extend(eventLingerEnvSchema.shape);

export const executorEnvSchema = serviceEnvSchema.extend({
  /** Copy-order jobs processed at once by this replica. @defaultValue 16 */
  EXECUTOR_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(16),
  /**
   * Outbox drains in flight at once across this replica's kick batches (a fan-out's followers), and the
   * keep-alive connections per exchange host, one per drain, so no signed order waits for a socket.
   * More drains side by side share more of each group-committed intent write and pipelined Redis
   * write: 256 placed 1,000 followers' orders in 0.66× the time of 64 (README, Benchmarks).
   * @defaultValue 256
   */
  EXECUTOR_DRAINS_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).default(256),
  /** Time limit of one request to a broker; past it a POST is an unknown outcome. @defaultValue 5000 */
  BROKER_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  /** How long the per-host circuit stays open before one trial order. @defaultValue 5000 */
  BREAKER_RESET_MS: z.coerce.number().int().min(50).max(300_000).default(5_000),
  /** The drain lock's time to live; it is renewed at a third of it while a drainer works. @defaultValue 10000 */
  DRAIN_LOCK_TTL_MS: z.coerce.number().int().min(300).max(120_000).default(10_000),
  /**
   * This process's liveness key lives this long, renewed at a third of it: once a killed executor's key
   * is gone, its drain locks are taken over. @defaultValue 3000
   */
  EXECUTOR_HEARTBEAT_TTL_MS: z.coerce.number().int().min(300).max(60_000).default(3_000),
  /**
   * A kick whose outbox a drain of this process is sending waits for that drain to settle the kick's
   * legs while the drain keeps settling legs; once it has settled none for this long (a slow order),
   * the kick waits in a job of its own instead, so a job holds its worker slot only this long behind a
   * slow order. @defaultValue 250
   */
  EXECUTOR_COVERED_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(250),
  /**
   * A kick whose outbox another process holds (exit-sync reading the position, another executor's
   * drain) looks again in process for this long before it waits in a job of its own (tens of ms
   * later). 0 hands it to the job at once. @defaultValue 200
   */
  EXECUTOR_HELD_WAIT_MS: z.coerce.number().int().min(0).max(10_000).default(200),
});

export type ExecutorConfig = z.infer<typeof executorEnvSchema>;

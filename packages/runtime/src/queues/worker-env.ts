import { z } from 'zod';

/**
 * How soon a job held by a dead process runs again: BullMQ's job lock and stalled-job check, for the
 * services whose workers sit on the copy path. BullMQ's own defaults (30 s and 30 s) leave a killed
 * worker's job untouched for 30–90 s.
 */
export const workerEnvSchema = z.object({
  /** A running job's lock, renewed at half of it; a killed worker's jobs are free once it lapses. @defaultValue 4000 */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).max(600_000).default(4_000),
  /** How often workers put jobs whose lock lapsed back to wait. @defaultValue 1000 */
  WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(1_000),
});

export type WorkerEnv = z.infer<typeof workerEnvSchema>;

/** The worker factory's options for these variables. */
export function workerTimings(env: WorkerEnv): { lockDurationMs: number; stalledIntervalMs: number } {
  return { lockDurationMs: env.WORKER_LOCK_MS, stalledIntervalMs: env.WORKER_STALLED_INTERVAL_MS };
}

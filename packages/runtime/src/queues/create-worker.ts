import { type BackoffStrategy, type Job, type Processor, type Telemetry, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../metrics/create-metrics.ts';

export interface WorkerFactoryOptions {
  connection: Redis;
  prefix: string;
  /** Jobs processed at once by this worker. @defaultValue 16 */
  concurrency?: number;
  logger: Logger;
  metrics?: Metrics;
  /** A running job's lock, renewed at half of it (BullMQ's `lockDuration`). @defaultValue 30000 */
  lockDurationMs?: number;
  /** How often jobs whose lock lapsed go back to wait (BullMQ's `stalledInterval`). @defaultValue 30000 */
  stalledIntervalMs?: number;
  /** Computes the delay of jobs whose `backoff.type` is `custom` (a queue's own retry schedule). */
  backoffStrategy?: BackoffStrategy;
  /** Processes each job in a span whose parent is the producer's (bullmq-otel); none when off. */
  telemetry?: Telemetry | undefined;
  /** At most `max` jobs started per `durationMs`, across every worker of the queue (BullMQ's `limiter`). */
  limiter?: { max: number; durationMs: number } | undefined;
}

/** A BullMQ worker whose outcomes feed the job metrics and the log. */
export function createWorker<Data, Result>(
  name: string,
  processor: Processor<Data, Result>,
  options: WorkerFactoryOptions,
): Worker<Data, Result> {
  const worker = new Worker<Data, Result>(name, processor, {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 16,
    // Short locks and frequent checks hand a killed worker's jobs to a live one within seconds.
    ...(options.lockDurationMs !== undefined && { lockDuration: options.lockDurationMs }),
    ...(options.stalledIntervalMs !== undefined && { stalledInterval: options.stalledIntervalMs }),
    ...(options.backoffStrategy !== undefined && { settings: { backoffStrategy: options.backoffStrategy } }),
    ...(options.telemetry !== undefined && { telemetry: options.telemetry }),
    ...(options.limiter !== undefined && {
      limiter: { max: options.limiter.max, duration: options.limiter.durationMs },
    }),
  });
  const { metrics, logger } = options;
  worker.on('completed', (job: Job<Data, Result>) => metrics?.observeJob(name, 'completed', job));
  worker.on('failed', (job: Job<Data, Result> | undefined, error: Error) => {
    if (job) metrics?.observeJob(name, 'failed', job);
    logger.warn({ queue: name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: error }, 'job failed');
  });
  worker.on('error', (error: Error) => logger.error({ queue: name, err: error }, 'worker error'));
  return worker;
}

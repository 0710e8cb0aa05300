import { type DefaultJobOptions, Queue, type Telemetry } from 'bullmq';
import type { Redis } from 'ioredis';
import { defaultJobOptions } from './job-options.ts';

export interface QueueFactoryOptions {
  connection: Redis;
  /** Namespaces the queue's Redis keys (one per test file, `{tag}` for Redis Cluster). */
  prefix: string;
  jobOptions?: DefaultJobOptions;
  /** Carries the trace context of `add` into the job (bullmq-otel); none when tracing is off. */
  telemetry?: Telemetry | undefined;
}

export function createQueue<Data>(name: string, options: QueueFactoryOptions): Queue<Data> {
  return new Queue<Data>(name, {
    connection: options.connection,
    prefix: options.prefix,
    defaultJobOptions: { ...defaultJobOptions, ...options.jobOptions },
    ...(options.telemetry !== undefined && { telemetry: options.telemetry }),
  });
}

export { defaultUrls } from './config/default-urls.ts';
export { baseEnvSchema, envFields, type BaseEnv } from './config/env-schema.ts';
export { ConfigError, loadConfig } from './config/load-config.ts';
export { createLogger, withCorrelation, type Logger, type LoggerOptions } from './logger/create-logger.ts';
export { isSecretKey, scrub, serializeError } from './logger/redaction.ts';
export { createRedis, waitForRedis, type Redis, type RedisRole } from './redis/create-redis.ts';
export { deleteKeysUnder, keysUnder } from './redis/prefix-keys.ts';
export { defaultJobOptions } from './queues/job-options.ts';
export { createQueue, type QueueFactoryOptions } from './queues/create-queue.ts';
export { createWorker, type WorkerFactoryOptions } from './queues/create-worker.ts';
export { type WorkerEnv, workerEnvSchema, workerTimings } from './queues/worker-env.ts';
export {
  createBreaker,
  isBreakerOpen,
  type BreakerOptions,
  type CircuitBreaker,
} from './breaker/create-breaker.ts';
export { createMetrics, type Metrics } from './metrics/create-metrics.ts';
export { startHealthServer, type HealthServer, type ReadinessCheck } from './http/health-server.ts';
export { runService, type RunningService, type RunServiceOptions } from './service/run-service.ts';
export {
  createServiceKit,
  type RunningKit,
  type ServiceKit,
  type ServiceKitOptions,
  type SqlDatabase,
} from './service/service-kit.ts';
export { stopPhases, type StopPhase } from './service/stop-plan.ts';
export {
  createEventPublisher,
  type EventPublisher,
  type PublishableEvent,
} from './events/event-publisher.ts';
export { eventLingerEnvSchema } from './events/event-linger-env.ts';
export {
  type EventBatch,
  eventBatchJob,
  eventsOfJob,
  MAX_EVENTS_PER_JOB,
  traceOfEvent,
} from './events/event-batch.ts';
export { createGroupCommit, type GroupCommit, type GroupCommitOptions } from './batching/group-commit.ts';
export {
  COPY_PATH_BUSY_HOLD_MS,
  type CopyPathGate,
  copyPathMarker,
  createCopyPathGate,
} from './priority/copy-path-busy.ts';
export { entryFinisher } from './streams/entry-finisher.ts';
export {
  claimIdle,
  consumeStream,
  ensureGroup,
  keepClaimed,
  PAUSED_CHECK_MS,
  type StreamConsumer,
  type StreamConsumerOptions,
  type StreamEntry,
  watchStream,
} from './streams/stream-consumer.ts';

import { enableTracing, type Tracing } from '@copytrade/telemetry';
import type { BackoffStrategy, Processor, Queue, Worker } from 'bullmq';
import type { BaseEnv } from '../config/env-schema.ts';
import { type ReadinessCheck, startHealthServer } from '../http/health-server.ts';
import type { Logger } from '../logger/create-logger.ts';
import { createMetrics, type Metrics } from '../metrics/create-metrics.ts';
import { createQueue } from '../queues/create-queue.ts';
import { createWorker } from '../queues/create-worker.ts';
import { type WorkerEnv, workerTimings } from '../queues/worker-env.ts';
import { closeRedis, createRedis, type Redis, type RedisRole, waitForRedis } from '../redis/create-redis.ts';
import { createStopPlan, type StopPhase } from './stop-plan.ts';

export interface ServiceKitOptions {
  /** The `service` label of the metrics. */
  name: string;
  /** The service's config; workers get `WORKER_LOCK_MS`/`WORKER_STALLED_INTERVAL_MS` when it has them. */
  config: BaseEnv & Partial<WorkerEnv>;
  logger: Logger;
  /** Role of `kit.redis`, the connection queues and the service's own commands use. @defaultValue 'producer' */
  redisRole?: RedisRole;
}

/**
 * What the kit needs of a database client: a `SELECT 1` for `/readyz` and a disconnect. Prisma's
 * client fits; `@copytrade/db` depends on this package, so it is not imported here.
 */
export interface SqlDatabase {
  $queryRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<unknown>;
  $disconnect(): Promise<void>;
}

export interface RunningKit {
  /** Port of `/healthz`, `/readyz` and `/metrics`. */
  healthPort: number;
  /** Stops taking work, lets in-flight jobs finish, then closes everything (see `stopPhases`). */
  stop(): Promise<void>;
}

export interface ServiceKit {
  prefix: string;
  /** The main connection, ready; checked by `/readyz` as `redis`. */
  redis: Redis;
  metrics: Metrics;
  /** OpenTelemetry tracing of this process (off unless `OTEL_EXPORTER_OTLP_ENDPOINT` is set). */
  tracing: Tracing;
  /** Adopts a database client: `/readyz` checks it as `postgres`, stop disconnects it last. */
  database<D extends SqlDatabase>(db: D): D;
  /** A queue on `kit.redis` under the prefix; `watch` puts its depth in `/metrics`. */
  queue<Data>(name: string, options?: { watch?: boolean }): Queue<Data>;
  /** A worker on a worker-role connection, closed first on stop (its in-flight jobs finish). */
  worker<Data, Result>(
    name: string,
    processor: Processor<Data, Result>,
    options?: {
      concurrency?: number;
      backoffStrategy?: BackoffStrategy;
      limiter?: { max: number; durationMs: number };
    },
  ): Worker<Data, Result>;
  /** Calls `onMessage` for each message on `channel`, on a subscriber connection of the kit's own. */
  subscribe(channel: string, onMessage: (message: string) => void): Promise<void>;
  /**
   * A producer connection of its own with ioredis auto-pipelining: the commands that many concurrent
   * tasks issue in one turn of the event loop go in one write, and while one such write awaits its
   * replies the next gathers. For the service's own commands (Lua steps), never BullMQ's. Ready, and
   * closed with the other connections on stop.
   */
  pipelinedRedis(): Promise<Redis>;
  /** Another `/readyz` check. */
  readiness(name: string, check: ReadinessCheck): void;
  /** A step of the service's own for `stop()`. @defaultValue phase `parts` */
  onStop(name: string, close: () => unknown, phase?: StopPhase): void;
  /** Starts the health server; what the service's `start()` returns. */
  serve(): Promise<RunningKit>;
}

/** The wiring every service shares: connections, queues, workers, health server and stop order. */
export async function createServiceKit(options: ServiceKitOptions): Promise<ServiceKit> {
  const { config, logger } = options;
  const prefix = config.QUEUE_PREFIX;
  const redisRole = options.redisRole ?? 'producer';
  const redis = createRedis(config.REDIS_URL, redisRole);
  let tracing: Tracing;
  try {
    await waitForRedis(redis);
    tracing = await enableTracing(config, options.name);
  } catch (error) {
    redis.disconnect();
    throw error;
  }
  const plan = createStopPlan(logger);
  plan.add('connections', 'redis', () => closeRedis(redis));
  // Last: the spans of the final jobs and of closing are exported before the process ends.
  plan.add('connections', 'tracing', () => tracing.release());
  const { telemetry } = tracing;
  const metrics = createMetrics(options.name);
  const checks: Record<string, ReadinessCheck> = { redis: () => redis.ping() };
  const readiness = (name: string, check: ReadinessCheck) => {
    if (name in checks) throw new Error(`readiness check "${name}" is already there`);
    checks[name] = check;
  };

  let workerRedis: Redis | undefined = redisRole === 'worker' ? redis : undefined;
  const workerConnection = () => {
    if (workerRedis) return workerRedis;
    const connection = createRedis(config.REDIS_URL, 'worker');
    plan.add('connections', 'worker redis', () => closeRedis(connection));
    workerRedis = connection;
    return connection;
  };

  const handlers = new Map<string, (message: string) => void>();
  let subscriber: Redis | undefined;
  const subscriberConnection = () => {
    if (subscriber) return subscriber;
    const connection = createRedis(config.REDIS_URL, 'worker');
    connection.on('message', (channel: string, message: string) => handlers.get(channel)?.(message));
    plan.add('intake', 'subscriber redis', () => closeRedis(connection));
    subscriber = connection;
    return connection;
  };

  // Services without `workerEnvSchema` in their config keep BullMQ's own lock timings.
  const timings = hasWorkerTimings(config) ? workerTimings(config) : {};
  let serving = false;

  return {
    prefix,
    redis,
    metrics,
    tracing,
    database(db) {
      readiness('postgres', () => db.$queryRaw`SELECT 1`);
      plan.add('connections', 'postgres', () => db.$disconnect());
      return db;
    },
    queue<Data>(name: string, queueOptions: { watch?: boolean } = {}) {
      const queue = createQueue<Data>(name, { connection: redis, prefix, telemetry });
      if (queueOptions.watch) metrics.watchQueue(queue);
      plan.add('queues', `queue ${name}`, () => queue.close());
      return queue;
    },
    worker(name, processor, workerOptions = {}) {
      const worker = createWorker(name, processor, {
        connection: workerConnection(),
        prefix,
        logger,
        metrics,
        telemetry,
        ...(workerOptions.concurrency !== undefined && { concurrency: workerOptions.concurrency }),
        ...(workerOptions.backoffStrategy !== undefined && {
          backoffStrategy: workerOptions.backoffStrategy,
        }),
        ...(workerOptions.limiter !== undefined && { limiter: workerOptions.limiter }),
        ...timings,
      });
      plan.add('intake', `worker ${name}`, () => worker.close());
      return worker;
    },
    async pipelinedRedis() {
      const connection = createRedis(config.REDIS_URL, 'producer', {
        enableAutoPipelining: true,
        connectionName: 'copytrade-pipelined',
      });
      plan.add('connections', 'pipelined redis', () => closeRedis(connection));
      await waitForRedis(connection);
      return connection;
    },
    async subscribe(channel, onMessage) {
      handlers.set(channel, onMessage);
      await subscriberConnection().subscribe(channel);
    },
    readiness,
    onStop(name, close, phase = 'parts') {
      plan.add(phase, name, close);
    },
    async serve() {
      if (serving) throw new Error('the health server is already started');
      serving = true;
      const health = await startHealthServer({
        port: config.HEALTH_PORT,
        registry: metrics.registry,
        checks,
        logger,
      });
      plan.add('health', 'health server', () => health.close());
      return { healthPort: health.port, stop: () => plan.run() };
    },
  };
}

function hasWorkerTimings(config: ServiceKitOptions['config']): config is BaseEnv & WorkerEnv {
  return config.WORKER_LOCK_MS !== undefined && config.WORKER_STALLED_INTERVAL_MS !== undefined;
}

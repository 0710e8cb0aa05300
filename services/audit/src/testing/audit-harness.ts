import { type AuditEvent, channels, queueNames } from '@copytrade/contracts';
import {
  createEventPublisher,
  createLogger,
  createQueue,
  createRedis,
  type EventPublisher,
  type Logger,
  type Redis,
} from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import { auditEnvSchema } from '../config.ts';
import { start } from '../start.ts';

const testRedisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Starts the audit service on a test's own database schema and queue prefix. */
export function startTestAudit(options: { databaseUrl: string; prefix: string; logger?: Logger }) {
  const config = auditEnvSchema.parse({
    REDIS_URL: testRedisUrl,
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.prefix,
    HEALTH_PORT: '0',
  });
  return start(config, options.logger ?? createLogger({ service: 'audit-test', level: 'silent' }));
}

export interface AuditTestClient {
  redis: Redis;
  queue: Queue<AuditEvent>;
  /** Publishes as producers do (job id = event id). */
  events: EventPublisher<AuditEvent>;
  /** Collects what arrives on the live-events channel. */
  live: { received: Array<AuditEvent & { seq: number; hash: string }> };
  close(): Promise<void>;
}

/** The producer side of a test: the audit queue, and a subscriber on the live-events channel. */
export async function auditTestClient(prefix: string): Promise<AuditTestClient> {
  const redis = createRedis(testRedisUrl, 'worker');
  const subscriber = createRedis(testRedisUrl, 'worker');
  const queue = createQueue<AuditEvent>(queueNames.auditEvents, {
    connection: redis,
    prefix,
    jobOptions: { attempts: 3, backoff: { type: 'fixed', delay: 50 } },
  });
  const live: AuditTestClient['live'] = { received: [] };
  await subscriber.subscribe(channels(prefix).liveEvents);
  subscriber.on('message', (_channel: string, message: string) => live.received.push(JSON.parse(message)));
  return {
    redis,
    queue,
    events: createEventPublisher<AuditEvent>(queue),
    live,
    async close() {
      await queue.obliterate({ force: true });
      await queue.close();
      const left = await redis.keys(`${prefix}:*`);
      if (left.length > 0) await redis.del(...left);
      subscriber.disconnect();
      redis.disconnect();
    },
  };
}

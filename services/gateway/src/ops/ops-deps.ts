import { type AuditEvent, channels, queueNames, type RedisKeys, redisKeys } from '@copytrade/contracts';
import {
  createEventPublisher,
  createRedis,
  type EventPublisher,
  type Logger,
  type Redis,
  type ServiceKit,
} from '@copytrade/runtime';
import { type Queue, QueueEvents } from 'bullmq';
import type { GatewayConfig } from '../config.ts';
import { createLiveHub, type LiveHub } from './live-hub.ts';

/** What the operations routes (triggers, kill switch, status, live events) are given. */
export interface OpsDeps {
  redis: Redis;
  keys: RedisKeys;
  /** Every queue of `queueNames`, by name. */
  queues: ReadonlyMap<string, Queue>;
  /** Completion events of the monitor queue, to wait for a run's result. */
  monitorEvents: QueueEvents;
  audit: EventPublisher<AuditEvent>;
  live: LiveHub;
  monitorTimeoutMs: number;
  heartbeatMs: number;
}

/** Builds them on the service kit (connections it closes on stop) and the gateway's queues. */
export async function createOpsDeps(
  kit: ServiceKit,
  config: GatewayConfig,
  queues: Queue[],
  logger: Logger,
): Promise<OpsDeps> {
  const byName = new Map(queues.map((queue) => [queue.name, queue]));
  const queue = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`queue ${name} is not open`);
    return found;
  };
  // QueueEvents blocks on its connection: one of its own.
  const eventsRedis = createRedis(config.REDIS_URL, 'worker');
  const monitorEvents = new QueueEvents(queueNames.monitor, { connection: eventsRedis, prefix: kit.prefix });
  kit.onStop(
    'monitor queue events',
    async () => {
      await monitorEvents.close();
      eventsRedis.disconnect();
    },
    'queues',
  );
  const { hub, ready } = createLiveHub(
    (onMessage) => kit.subscribe(channels(kit.prefix).liveEvents, onMessage),
    logger,
  );
  await Promise.all([ready, monitorEvents.waitUntilReady()]);
  return {
    redis: kit.redis,
    keys: redisKeys(kit.prefix),
    queues: byName,
    monitorEvents,
    audit: createEventPublisher<AuditEvent>(queue(queueNames.auditEvents)),
    live: hub,
    monitorTimeoutMs: config.MONITOR_TIMEOUT_MS,
    heartbeatMs: config.LIVE_HEARTBEAT_MS,
  };
}

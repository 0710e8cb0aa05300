import type { AuditEvent } from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';

/** What the gateway receives on the live-events channel: the stored event with its place in the chain. */
export type LiveEvent = AuditEvent & { seq: number; hash: string };

export interface LivePublisher {
  /** Publishes the events in the order given (one round trip). */
  publish(events: readonly LiveEvent[]): Promise<void>;
}

/**
 * Pub/sub is fire-and-forget: the events are already committed, so a failed publish is logged and
 * the gateway catches up from the database; it never fails the jobs (which would not re-publish anyway).
 */
export function createLivePublisher(redis: Redis, channel: string, logger: Logger): LivePublisher {
  return {
    async publish(events) {
      if (events.length === 0) return;
      const pipeline = redis.pipeline();
      for (const event of events) pipeline.publish(channel, JSON.stringify(event));
      const replies = await pipeline.exec().catch((error: unknown) => [[error, null] as const]);
      const failed = (replies ?? []).find(([error]) => error);
      if (failed)
        logger.warn(
          { err: failed[0], fromSeq: events[0]?.seq, toSeq: events.at(-1)?.seq },
          'live events not published',
        );
    },
  };
}

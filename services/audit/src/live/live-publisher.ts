import type { AuditEvent } from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';

/** What the gateway receives on the live-events channel: the stored event with its place in the chain. */
export type LiveEvent = AuditEvent & { seq: number; hash: string };

export interface LivePublisher {
  publish(event: LiveEvent): Promise<void>;
}

/**
 * Pub/sub is fire-and-forget: the event is already committed, so a failed publish is logged and the
 * gateway catches up from the database; it never fails the job (which would not re-publish anyway).
 */
export function createLivePublisher(redis: Redis, channel: string, logger: Logger): LivePublisher {
  return {
    async publish(event) {
      try {
        await redis.publish(channel, JSON.stringify(event));
      } catch (error) {
        logger.warn({ err: error, eventId: event.eventId, seq: event.seq }, 'live event not published');
      }
    },
  };
}

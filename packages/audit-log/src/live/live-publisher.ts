import { readFileSync } from 'node:fs';
import type { AuditEvent } from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';

/** What the gateway receives on the live-events channel: the stored event with its place in the chain. */
export type LiveEvent = AuditEvent & { seq: number; hash: string };

export interface LivePublisher {
  /** Publishes the events in the order given (one round trip). */
  publish(events: readonly LiveEvent[]): Promise<void>;
}

const publishManyScript = readFileSync(new URL('./publish-many-0.lua', import.meta.url), 'utf8');
const command = 'ctAuditPublishMany';

/** Messages per script call at most, so one call never holds Redis for long. */
const chunk = 500;

type WithPublishMany = Redis & { [command]?: (channel: string, ...messages: string[]) => Promise<number> };

/**
 * Pub/sub is fire-and-forget: the events are already committed, so a failed publish is logged and
 * the gateway catches up from the database; it never fails the jobs (which would not re-publish anyway).
 * Each event is still its own message, in seq order; the script only saves a command per event.
 */
export function createLivePublisher(redis: Redis, channel: string, logger: Logger): LivePublisher {
  const client = redis as WithPublishMany;
  if (!client[command]) redis.defineCommand(command, { numberOfKeys: 0, lua: publishManyScript });
  const publishMany = (messages: string[]) =>
    (client[command] as NonNullable<WithPublishMany[typeof command]>).call(client, channel, ...messages);
  return {
    async publish(events) {
      if (events.length === 0) return;
      const messages = events.map((event) => JSON.stringify(event));
      try {
        for (let i = 0; i < messages.length; i += chunk) await publishMany(messages.slice(i, i + chunk));
      } catch (error) {
        logger.warn(
          { err: error, fromSeq: events[0]?.seq, toSeq: events.at(-1)?.seq },
          'live events not published',
        );
      }
    },
  };
}

import type { NotificationChannel } from '@copytrade/contracts';
import type { Prisma } from '@copytrade/db';
import type { FeedEvent } from '../feed/feed-event.ts';
import type { Match } from '../feed/match-event.ts';

/** One event matched to one destination of a channel. */
export interface Notification {
  event: FeedEvent;
  match: Match;
}

/**
 * What the feed needs of a delivery channel (webhook today). Each channel is one module: it keeps
 * its own delivery records, queue and worker; the feed only matches events and hands them over.
 */
export interface Channel {
  readonly name: NotificationChannel;
  /**
   * Records the notifications of one feed step inside the step's transaction, the same one that moves
   * the cursor: a notification is either recorded and passed, or neither (the channel's outbox).
   */
  record(tx: Prisma.TransactionClient, notifications: readonly Notification[]): Promise<void>;
  /** After the commit: starts delivering what `record` wrote (enqueues the jobs). */
  dispatch(notifications: readonly Notification[]): Promise<void>;
}

/**
 * The outbox rows of a channel that delivers to the matched destination itself (an endpoint, a
 * user's address): one per notification, the destination in `column`, with the event it carries.
 */
export function outboxRows<Column extends string>(notifications: readonly Notification[], column: Column) {
  return notifications.map(({ event, match }) => ({
    ...({ [column]: match.destinationId } as Record<Column, string>),
    eventId: event.eventId,
    eventSeq: event.seq,
    eventType: event.type,
    kind: match.kind,
  }));
}

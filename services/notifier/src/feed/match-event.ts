import {
  type NotificationKind,
  notificationKindEvents,
  operatorNotificationKinds,
  personalNotificationKinds,
} from '@copytrade/contracts';
import type { FeedEvent } from './feed-event.ts';
import type { FollowRef, Subscriber } from './subscriber.ts';

/** One notification to send: an event to one destination of one channel, as one kind. */
export interface Match {
  channel: Subscriber['channel'];
  destinationId: string;
  userId: string;
  kind: NotificationKind;
}

const kindsByType = new Map<string, NotificationKind[]>();
for (const [kind, types] of Object.entries(notificationKindEvents) as [NotificationKind, readonly string[]][])
  for (const type of types) kindsByType.set(type, [...(kindsByType.get(type) ?? []), kind]);

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The kinds an event is, with the conditions some kinds add to their event type. */
export function kindsOf(event: FeedEvent): NotificationKind[] {
  return (kindsByType.get(event.type) ?? []).filter((kind) => {
    if (kind === 'master_exit') return event.payload.positionAfter === 0;
    if (kind === 'drift_found') return event.payload.state === 'drifting' || event.payload.state === 'failed';
    return true;
  });
}

/**
 * The account an event is about: the follower's when it names one (its orders, skips, drift and
 * risk exits are the follower's business, even when they name the master they copy), else the
 * master's, else the envelope's.
 */
function subjectAccount(event: FeedEvent): string | null {
  return text(event.payload.followerAccountId) ?? text(event.payload.masterAccountId) ?? event.accountId;
}

/**
 * Whether the event is the subscriber's: about an account it owns, or anything for operators and
 * admins. A master's owner is not told of its followers' orders (their sizes, reasons and balances
 * are the followers' own).
 */
function owns(subscriber: Subscriber, event: FeedEvent, kind: NotificationKind): boolean {
  if (personalNotificationKinds.has(kind)) return event.payload.userId === subscriber.userId;
  if (operatorNotificationKinds.has(kind)) return subscriber.seesEveryone;
  if (subscriber.seesEveryone) return true;
  const subject = subjectAccount(event);
  return subject !== null && subscriber.accountIds.has(subject);
}

/** An event belongs to a follow when it names the follow, or (naming none) only that follow's accounts. */
function ofFollow(event: FeedEvent, follow: FollowRef): boolean {
  const followId = text(event.payload.followId);
  if (followId !== undefined) return followId === follow.id;
  const master = text(event.payload.masterAccountId);
  const follower = text(event.payload.followerAccountId);
  if (master === undefined && follower === undefined) return false;
  return (
    (master === undefined || master === follow.masterAccountId) &&
    (follower === undefined || follower === follow.followerAccountId)
  );
}

function passesFilter(subscriber: Subscriber, event: FeedEvent, kind: NotificationKind): boolean {
  if (subscriber.follows === null) return true;
  // Kinds that are not about a follow are not narrowed by one.
  if (personalNotificationKinds.has(kind) || operatorNotificationKinds.has(kind)) return true;
  return subscriber.follows.some((follow) => ofFollow(event, follow));
}

/**
 * Where an event goes: at most one notification per (channel, destination), however many of the
 * destination's subscriptions match, as the first kind that matched. Pure.
 */
export function matchEvent(event: FeedEvent, subscribers: readonly Subscriber[]): Match[] {
  const kinds = kindsOf(event);
  if (kinds.length === 0) return [];
  const matches = new Map<string, Match>();
  for (const subscriber of subscribers) {
    const key = `${subscriber.channel}:${subscriber.destinationId}`;
    if (matches.has(key)) continue;
    const kind = kinds.find(
      (candidate) =>
        subscriber.kinds.has(candidate) &&
        owns(subscriber, event, candidate) &&
        passesFilter(subscriber, event, candidate),
    );
    if (kind)
      matches.set(key, {
        channel: subscriber.channel,
        destinationId: subscriber.destinationId,
        userId: subscriber.userId,
        kind,
      });
  }
  return [...matches.values()];
}

import type { NotificationChannel, NotificationKind } from '@copytrade/contracts';

/** A follow a subscription is narrowed to: its id and the two accounts it joins. */
export interface FollowRef {
  id: string;
  masterAccountId: string;
  followerAccountId: string;
}

/** One subscription with what matching needs to know of its owner. */
export interface Subscriber {
  subscriptionId: string;
  userId: string;
  channel: NotificationChannel;
  /** The destination within the channel: a webhook endpoint; the user for email and web_push. */
  destinationId: string;
  kinds: ReadonlySet<NotificationKind>;
  /** Operators and admins: events of every account. */
  seesEveryone: boolean;
  /** The broker accounts the user owns. */
  accountIds: ReadonlySet<string>;
  /** Null: every follow; else only events of these follows (the user's own, checked by the gateway). */
  follows: readonly FollowRef[] | null;
}

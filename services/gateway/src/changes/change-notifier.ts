import { randomUUID } from 'node:crypto';
import { type AuditEvent, channels, makeAuditEvent } from '@copytrade/contracts';
import type { EventPublisher, Redis } from '@copytrade/runtime';

export interface AccountChange {
  accountId: string;
  actorUserId: string;
  action: 'created' | 'updated';
  /** Names of the changed fields, never their values. */
  fields: string[];
}

export interface FollowChange {
  followId: string;
  masterAccountId: string;
  followerAccountId: string;
  actorUserId: string;
  action: 'created' | 'updated' | 'ended';
  fields: string[];
}

/** A risk exit exit-sync made and had not recorded yet (`risk_exit_pending`), as its follow row keeps it. */
export interface UnrecordedRiskExit {
  followId: string;
  followerAccountId: string;
  at: Date;
  reason: string;
  detail: string;
  flatten: boolean;
}

/** Tells every service that settings changed (they drop cached copies) and records who changed what. */
export interface ChangeNotifier {
  accountChanged(change: AccountChange): Promise<void>;
  followChanged(change: FollowChange): Promise<void>;
  /** Records a risk exit a state change is about to drop, under the id exit-sync would have used. */
  riskExitBeforeChange(exit: UnrecordedRiskExit): Promise<void>;
}

export function createChangeNotifier(input: {
  redis: Redis;
  keyPrefix: string;
  audit: EventPublisher<AuditEvent>;
}): ChangeNotifier {
  const channel = channels(input.keyPrefix).settingsChanged;
  const eventId = (type: string) => `gateway:${type}:${randomUUID()}`;
  return {
    async accountChanged(change) {
      await input.redis.publish(channel, JSON.stringify({ accountId: change.accountId }));
      await input.audit.publish(
        makeAuditEvent({
          type: 'account.changed',
          eventId: eventId('account.changed'),
          correlationId: null,
          accountId: change.accountId,
          service: 'gateway',
          payload: change,
        }),
      );
    },
    async followChanged(change) {
      await input.redis.publish(channel, JSON.stringify({ followId: change.followId }));
      await input.audit.publish(
        makeAuditEvent({
          type: 'follow.changed',
          eventId: eventId('follow.changed'),
          correlationId: null,
          accountId: change.followerAccountId,
          service: 'gateway',
          payload: change,
        }),
      );
    },
    async riskExitBeforeChange({ at, ...exit }) {
      await input.audit.publish(
        makeAuditEvent({
          type: 'risk.exit',
          eventId: `risk.exit:${exit.followId}:${at.getTime()}`,
          correlationId: null,
          accountId: exit.followerAccountId,
          service: 'gateway',
          at,
          payload: exit,
        }),
      );
    },
  };
}

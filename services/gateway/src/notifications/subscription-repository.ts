import type { api } from '@copytrade/contracts';
import type { NotificationSubscription } from '@copytrade/db';

export function toApiSubscription(row: NotificationSubscription): api.NotificationSubscription {
  return {
    id: row.id,
    userId: row.userId,
    channel: row.channel,
    endpointId: row.endpointId,
    kinds: row.kinds as api.NotificationSubscription['kinds'],
    followIds: row.followIds,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

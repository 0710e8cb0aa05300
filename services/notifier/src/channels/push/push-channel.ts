import type { Db } from '@copytrade/db';
import type { Channel } from '../channel.ts';
import type { PushJobs } from './push-jobs.ts';

/**
 * The Web Push channel as the feed sees it: a web_push subscription names the user, and the event
 * goes to each browser the user registered; one delivery row per (browser, event), unique, written
 * in the feed's transaction, then a job for each.
 */
export function pushChannel(db: Db, jobs: PushJobs): Channel {
  return {
    name: 'web_push',
    async record(tx, notifications) {
      const userIds = [...new Set(notifications.map(({ match }) => match.destinationId))];
      const devices = await tx.pushSubscription.findMany({
        where: { userId: { in: userIds } },
        select: { id: true, userId: true },
      });
      await tx.pushDelivery.createMany({
        data: notifications.flatMap(({ event, match }) =>
          devices
            .filter((device) => device.userId === match.destinationId)
            .map((device) => ({
              subscriptionId: device.id,
              userId: device.userId,
              eventId: event.eventId,
              eventSeq: event.seq,
              kind: match.kind,
            })),
        ),
        skipDuplicates: true,
      });
    },
    async dispatch(notifications) {
      const rows = await db.pushDelivery.findMany({
        where: {
          status: 'pending',
          eventId: { in: [...new Set(notifications.map(({ event }) => event.eventId))] },
          userId: { in: [...new Set(notifications.map(({ match }) => match.destinationId))] },
        },
        select: { subscriptionId: true, eventId: true },
      });
      await jobs.add(rows);
    },
  };
}

import { type Channel, outboxRows } from '../channel.ts';
import type { DeliveryJobs } from './delivery-jobs.ts';

/**
 * The webhook channel as the feed sees it: a delivery row per (endpoint, event), unique, written
 * in the feed's transaction (a second read of the same events adds nothing), then a job for each.
 */
export function webhookChannel(jobs: DeliveryJobs): Channel {
  return {
    name: 'webhook',
    async record(tx, notifications) {
      await tx.webhookDelivery.createMany({
        data: outboxRows(notifications, 'endpointId'),
        skipDuplicates: true,
      });
    },
    async dispatch(notifications) {
      await jobs.add(
        notifications.map(({ event, match }) => ({
          endpointId: match.destinationId,
          eventId: event.eventId,
          round: 0,
        })),
      );
    },
  };
}

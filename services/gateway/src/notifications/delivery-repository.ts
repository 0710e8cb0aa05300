import type { api } from '@copytrade/contracts';
import type { Db, WebhookDelivery } from '@copytrade/db';
import { pageArgs, toPage } from '../paging/keyset.ts';

export function toApiDelivery(row: WebhookDelivery): api.WebhookDelivery {
  return {
    id: row.id,
    endpointId: row.endpointId,
    eventId: row.eventId,
    eventType: row.eventType,
    kind: row.kind as api.WebhookDelivery['kind'],
    status: row.status,
    attempts: row.attempts,
    round: row.round,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

export async function listDeliveries(
  db: Db,
  endpointId: string,
  query: { limit: number; cursor?: string | undefined; status?: WebhookDelivery['status'] | undefined },
) {
  const page = pageArgs(query);
  const rows = await db.webhookDelivery.findMany({
    where: { ...page.where, endpointId, ...(query.status === undefined ? {} : { status: query.status }) },
    orderBy: page.orderBy,
    take: page.take,
  });
  return toPage(rows, query.limit);
}

/** Starts a new round of a delivery: pending again, under a new job id (`round`). */
export function startRedelivery(db: Db, delivery: WebhookDelivery): Promise<WebhookDelivery> {
  return db.webhookDelivery.update({
    where: { id: delivery.id },
    data: { status: 'pending', round: { increment: 1 }, lastError: null },
  });
}

import type { NotificationKind, WebhookDeliveryJob } from '@copytrade/contracts';
import type { Db, WebhookDelivery, WebhookEndpoint } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import {
  checkEndpointUrl,
  EndpointRefused,
  type EndpointPolicy,
  signWebhook,
  type WebhookResponse,
  type WebhookSender,
} from '@copytrade/webhooks';
import type { NotifierAudit } from '../../audit/notifier-audit.ts';
import type { NotifierMetrics } from '../../metrics/notifier-metrics.ts';
import { AttemptFailed } from '../attempt-failed.ts';
import { attemptResult, deliveredColumns, failedAttemptColumns } from '../attempt-result.ts';
import { signingSecrets } from './endpoint-secrets.ts';
import { webhookBody } from './webhook-body.ts';

export interface DeliverDeps {
  db: Db;
  vault: Vault;
  sender: WebhookSender;
  audit: NotifierAudit;
  policy: EndpointPolicy;
  timeoutMs: number;
  maxConsecutiveFailures: number;
  metrics: NotifierMetrics;
  now?: () => Date;
}

export type DeliverOutcome = 'delivered' | 'failed' | 'skipped' | 'not_pending';

/**
 * One attempt of one delivery. The event's id is the `webhook-id` of every attempt and redelivery,
 * so the receiver can drop a repeat; each attempt is signed afresh (its timestamp is now). Throws
 * `AttemptFailed` when the queue should retry; returns `failed` when no retry will follow.
 */
export async function deliverWebhook(
  deps: DeliverDeps,
  job: WebhookDeliveryJob,
  isLastAttempt: boolean,
): Promise<DeliverOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const delivery = await db.webhookDelivery.findUnique({
    where: { endpointId_eventId: { endpointId: job.endpointId, eventId: job.eventId } },
    include: { endpoint: true },
  });
  // Already settled, or a newer redelivery took over from this job.
  if (delivery?.status !== 'pending' || delivery.round !== job.round) return 'not_pending';
  const { endpoint } = delivery;
  if (endpoint.status !== 'active') {
    await settle(db, delivery, { status: 'skipped', lastError: 'endpoint disabled' });
    return 'skipped';
  }
  const event = await db.auditLog.findUnique({ where: { eventId: job.eventId } });
  if (!event) throw new Error('the notified audit event is not in the audit log');

  let response: WebhookResponse;
  try {
    const url = await checkEndpointUrl(endpoint.url, deps.policy);
    const body = webhookBody(delivery.kind as NotificationKind, event);
    const headers = signWebhook({
      id: event.eventId,
      timestamp: now,
      body,
      secrets: signingSecrets(deps.vault, endpoint, now),
    });
    response = await deps.sender.post({ url, headers, body, timeoutMs: deps.timeoutMs });
  } catch (error) {
    if (!(error instanceof EndpointRefused)) throw error;
    response = { kind: 'refused', error: `refused: the endpoint URL ${error.message}`, durationMs: 0 };
  }

  const attempt = delivery.attempts + 1;
  const auditId = (what: string) => `notify:${what}:${delivery.id}:${delivery.round}:${attempt}`;
  const result = attemptResult(response);
  if (result.delivered) {
    await settle(db, delivery, deliveredColumns(result, attempt));
    await db.webhookEndpoint.updateMany({
      where: { id: endpoint.id, consecutiveFailures: { gt: 0 } },
      data: { consecutiveFailures: 0 },
    });
    await deps.audit.record(
      'notification.delivered',
      auditId('delivered'),
      {
        endpointId: endpoint.id,
        userId: endpoint.userId,
        notifiedEventId: event.eventId,
        attempt,
        statusCode: result.statusCode,
        durationMs: response.durationMs,
      },
      event.correlationId,
    );
    deps.metrics.attempt('delivered');
    deps.metrics.deliveredAfterSeconds(Math.max(0, Date.now() - event.createdAt.getTime()) / 1_000);
    return 'delivered';
  }

  const { statusCode, error } = result;
  const refused = response.kind === 'refused';
  const failures = await countFailure(db, endpoint);
  const disableFor =
    statusCode === 410 ? 'gone' : failures >= deps.maxConsecutiveFailures ? 'failures' : null;
  const final = isLastAttempt || refused || disableFor !== null;
  await settle(db, delivery, failedAttemptColumns(result, attempt, final));
  await deps.audit.record(
    'notification.failed',
    auditId('failed'),
    {
      endpointId: endpoint.id,
      userId: endpoint.userId,
      notifiedEventId: event.eventId,
      attempt,
      statusCode,
      error,
      final,
    },
    event.correlationId,
  );
  if (disableFor !== null) await disableEndpoint(deps, endpoint, disableFor, failures);
  deps.metrics.attempt(final ? 'failed' : 'retry');
  if (final) return 'failed';
  throw new AttemptFailed(error, response.kind === 'response' ? response.retryAfterMs : null);
}

/**
 * The last attempt ended in an error of our own (the event missing, the secret not opening): the
 * delivery is marked failed rather than left pending for a job that will not run again.
 */
export async function giveUp(db: Db, job: WebhookDeliveryJob, error: string): Promise<void> {
  await db.webhookDelivery.updateMany({
    where: { endpointId: job.endpointId, eventId: job.eventId, round: job.round, status: 'pending' },
    data: { status: 'failed', lastError: error },
  });
}

function settle(
  db: Db,
  delivery: WebhookDelivery,
  data: Partial<
    Pick<WebhookDelivery, 'status' | 'attempts' | 'lastStatusCode' | 'lastError' | 'deliveredAt'>
  >,
) {
  return db.webhookDelivery.update({ where: { id: delivery.id }, data });
}

async function countFailure(db: Db, endpoint: WebhookEndpoint): Promise<number> {
  const updated = await db.webhookEndpoint.update({
    where: { id: endpoint.id },
    data: { consecutiveFailures: { increment: 1 } },
    select: { consecutiveFailures: true },
  });
  return updated.consecutiveFailures;
}

/** Disables an endpoint still active (once, whichever attempt gets there first) and tells its owner. */
async function disableEndpoint(
  deps: DeliverDeps,
  endpoint: WebhookEndpoint,
  reason: 'gone' | 'failures',
  failures: number,
): Promise<void> {
  const { count } = await deps.db.webhookEndpoint.updateMany({
    where: { id: endpoint.id, status: 'active' },
    data: { status: 'disabled', disabledReason: reason, disabledAt: new Date() },
  });
  if (count === 0) return;
  await deps.audit.record(
    'webhook.endpoint_disabled',
    `notify:disabled:${endpoint.id}:${endpoint.updatedAt.getTime()}`,
    {
      endpointId: endpoint.id,
      userId: endpoint.userId,
      reason,
      consecutiveFailures: failures,
    },
  );
}

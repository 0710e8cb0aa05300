import type { NotificationKind, PushDeliveryJob } from '@copytrade/contracts';
import type { Db } from '@copytrade/db';
import type { Vault } from '@copytrade/vault';
import { checkEndpointUrl, EndpointRefused, type EndpointPolicy, pushKeysBinding } from '@copytrade/webhooks';
import type { NotifierAudit } from '../../audit/notifier-audit.ts';
import type { NotifierMetrics } from '../../metrics/notifier-metrics.ts';
import { AttemptFailed } from '../attempt-failed.ts';
import { attemptResult, deliveredColumns, failedAttemptColumns } from '../attempt-result.ts';
import { pushMessage } from './push-message.ts';
import type { PushResponse, PushSender } from './push-sender.ts';

export interface PushDeps {
  db: Db;
  vault: Vault;
  sender: PushSender;
  audit: NotifierAudit;
  metrics: NotifierMetrics;
  policy: EndpointPolicy;
}

export type PushOutcome = 'delivered' | 'failed' | 'removed' | 'not_pending';

/**
 * One attempt to push one event to one browser. 201 (any 2xx): delivered. 404/410: the browser's
 * subscription is gone (unsubscribed, expired) and is removed with its deliveries. Anything else
 * throws `AttemptFailed` for the queue to retry, until the last attempt.
 */
export async function deliverPush(
  deps: PushDeps,
  job: PushDeliveryJob,
  isLastAttempt: boolean,
): Promise<PushOutcome> {
  const { db } = deps;
  const delivery = await db.pushDelivery.findUnique({
    where: { subscriptionId_eventId: { subscriptionId: job.subscriptionId, eventId: job.eventId } },
    include: { subscription: true },
  });
  if (delivery?.status !== 'pending') return 'not_pending';
  const event = await db.auditLog.findUnique({ where: { eventId: job.eventId } });
  if (!event) throw new Error('the notified audit event is not in the audit log');
  const { subscription } = delivery;

  let response: PushResponse | { kind: 'refused'; error: string; durationMs: number };
  try {
    await checkEndpointUrl(subscription.endpoint, deps.policy);
    const keys = JSON.parse(deps.vault.open(subscription.keysEnvelope, pushKeysBinding(subscription.id))) as {
      p256dh: string;
      auth: string;
    };
    const payload = pushMessage({
      kind: delivery.kind as NotificationKind,
      eventId: event.eventId,
      occurredAt: event.occurredAt,
      payload: event.payload as Record<string, unknown>,
    });
    response = await deps.sender.send({ endpoint: subscription.endpoint, keys }, payload);
  } catch (error) {
    if (!(error instanceof EndpointRefused)) throw error;
    response = { kind: 'refused', error: `refused: the push endpoint ${error.message}`, durationMs: 0 };
  }

  const attempt = delivery.attempts + 1;
  const auditId = (what: string) => `notify:${what}:${delivery.id}:${attempt}`;
  const base = {
    subscriptionId: subscription.id,
    userId: subscription.userId,
    notifiedEventId: event.eventId,
    attempt,
  };
  const result = attemptResult(response);
  if (result.delivered) {
    await db.pushDelivery.update({ where: { id: delivery.id }, data: deliveredColumns(result, attempt) });
    await deps.audit.record(
      'notification.push_delivered',
      auditId('push_delivered'),
      { ...base, statusCode: result.statusCode, durationMs: response.durationMs },
      event.correlationId,
    );
    deps.metrics.channelAttempt('web_push', 'delivered');
    return 'delivered';
  }

  const { statusCode, error } = result;
  const gone = statusCode === 404 || statusCode === 410;
  const final = isLastAttempt || gone || response.kind === 'refused';
  if (gone) await db.pushSubscription.deleteMany({ where: { id: subscription.id } });
  else
    await db.pushDelivery.update({
      where: { id: delivery.id },
      data: failedAttemptColumns(result, attempt, final),
    });
  await deps.audit.record(
    'notification.push_failed',
    auditId('push_failed'),
    { ...base, statusCode, error, final, subscriptionRemoved: gone },
    event.correlationId,
  );
  deps.metrics.channelAttempt('web_push', gone ? 'removed' : final ? 'failed' : 'retry');
  if (gone) return 'removed';
  if (final) return 'failed';
  throw new AttemptFailed(error, null);
}

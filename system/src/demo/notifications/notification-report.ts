import { percentile } from '../printer.ts';
import type { SunkEmail } from './smtp-sink.ts';
import type { SunkWebhook } from './webhook-sink.ts';

export interface NotificationReport {
  webhooks: string;
  emails: string;
}

/**
 * The summary's notification lines: webhooks by kind with how many verified, and how long after the
 * master's fill on the exchange each arrived (those that follow from one: copies and exits); emails
 * with how many were digests and one subject.
 * `fillTimes` maps a master fill's correlation id to when the exchange filled it (ms).
 */
export function notificationReport(
  webhooks: readonly SunkWebhook[],
  emails: readonly SunkEmail[],
  fillTimes: ReadonlyMap<string, number>,
): NotificationReport {
  const byType = new Map<string, number>();
  for (const hook of webhooks) byType.set(hook.type, (byType.get(hook.type) ?? 0) + 1);
  const kinds = [...byType].map(([type, n]) => `${type} × ${n}`).join(', ');
  const verified = webhooks.filter((hook) => hook.verified).length;
  const delays = webhooks
    .flatMap((hook) => {
      const filled = hook.correlationId === null ? undefined : fillTimes.get(hook.correlationId);
      return filled === undefined ? [] : [hook.at - filled];
    })
    .sort((a, b) => a - b);
  const delay =
    delays.length === 0
      ? ''
      : `; master fill → webhook arrival p50 ${Math.round(percentile(delays, 50))} ms, max ${Math.round(delays.at(-1)!)} ms (n=${delays.length})`;
  const digests = emails.filter((email) => /\(digest\)$/.test(email.subject)).length;
  const sample = emails.at(-1);
  return {
    webhooks: `${webhooks.length} received${kinds ? ` (${kinds})` : ''}, signature verified ${verified}/${webhooks.length}${delay}`,
    emails: `${emails.length} received (${digests} ${digests === 1 ? 'digest' : 'digests'})${sample ? `, e.g. to ${sample.to}: "${sample.subject}"` : ''}`,
  };
}

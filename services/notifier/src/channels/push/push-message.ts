import { type NotifiedEvent, notificationItem } from '../../content/notification-content.ts';

/**
 * What the service worker shows: a title and a short body (push services cap a message near 4 KB,
 * so the daily summary's table stays in the email). The same templates as email, so a push says no
 * more than an email would.
 */
export function pushMessage(event: NotifiedEvent): string {
  const item = notificationItem(event);
  const body = item.facts.map(([label, value]) => `${label}: ${value}`).join('\n');
  return JSON.stringify({ title: item.title, body, kind: event.kind, eventId: event.eventId, url: '/' });
}

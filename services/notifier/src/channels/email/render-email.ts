import escapeHtml from 'escape-html';
import {
  type NotifiedEvent,
  type NotificationItem,
  notificationItem,
} from '../../content/notification-content.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function itemText(item: NotificationItem): string {
  const lines = [item.title, ...item.facts.map(([label, value]) => `  ${label}: ${value}`)];
  if (item.table) {
    lines.push(`  ${item.table.columns.join(' | ')}`);
    for (const row of item.table.rows) lines.push(`  ${row.join(' | ')}`);
  }
  return lines.join('\n');
}

/** Every string goes through escapeHtml: event fields are data, never markup. */
function itemHtml(item: NotificationItem): string {
  const facts = item.facts
    .map(
      ([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const table = item.table
    ? `<table border="1" cellpadding="4" cellspacing="0"><tr>${item.table.columns
        .map((column) => `<th>${escapeHtml(column)}</th>`)
        .join('')}</tr>${item.table.rows
        .map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`)
        .join('')}</table>`
    : '';
  return `<h2>${escapeHtml(item.title)}</h2><table>${facts}</table>${table}`;
}

const footer = 'You get this because you subscribed to these notifications in Copytrade.';

/**
 * One email for one event, or a digest of several (in the order they happened). Plain text and
 * HTML say the same thing.
 */
export function renderEmail(events: readonly NotifiedEvent[]): RenderedEmail {
  const items = events.map(notificationItem);
  const first = items[0];
  if (!first) throw new Error('an email needs at least one event');
  const subject =
    items.length === 1 ? `Copytrade: ${first.title}` : `Copytrade: ${items.length} notifications (digest)`;
  const intro = items.length === 1 ? '' : `${items.length} notifications since the last email:\n\n`;
  const text = `${intro}${items.map(itemText).join('\n\n')}\n\n-- \n${footer}\n`;
  const htmlIntro = items.length === 1 ? '' : `<p>${items.length} notifications since the last email:</p>`;
  const html = `<!doctype html><html><body>${htmlIntro}${items
    .map((item) => `<section>${itemHtml(item)}</section>`)
    .join('<hr>')}<p><small>${escapeHtml(footer)}</small></p></body></html>`;
  return { subject, text, html };
}

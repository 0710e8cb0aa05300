import { el, shortId, time } from './dom.js';
import { startSession } from './session.js';

// The live feed: /v1/events over EventSource, which reconnects by itself and sends Last-Event-ID, so
// the gateway replays what was missed. Master fills open a group; their copies' events join it.
const state = document.getElementById('live-state');
const feed = document.getElementById('feed');
const other = document.getElementById('other');
const groups = new Map();
const kept = 200;

function setState(text, kind) {
  state.textContent = text;
  state.className = `badge ${kind}`;
}

function describe(event) {
  const p = event.payload;
  switch (event.type) {
    case 'master_fill.recorded':
      return `Master ${shortId(p.masterAccountId)} ${p.side} ${p.size} ${p.symbol} @ ${p.price}`;
    case 'copy.decided':
      return `Copy to ${shortId(p.followerAccountId)}: ${p.action}, target ${p.targetBefore} → ${p.targetAfter}`;
    case 'copy.skipped':
      return `Skipped for ${shortId(p.followerAccountId)}: ${p.reason}`;
    default:
      return [
        event.type,
        p.followerAccountId && `follower ${shortId(p.followerAccountId)}`,
        p.symbol,
        p.side,
        p.size,
      ]
        .filter(Boolean)
        .join(' ');
  }
}

function line(event) {
  return el(
    'li',
    { 'data-seq': String(event.seq), 'data-type': event.type },
    el('time', { datetime: event.occurredAt, text: time(event.occurredAt) }),
    ` ${describe(event)}`,
  );
}

/** The group of a correlation id: the master fill's line and a list of its copies' events. */
function group(correlationId) {
  let entry = groups.get(correlationId);
  if (!entry) {
    const head = el('div', { class: 'head', text: 'Master fill' });
    const copies = el('ul', { class: 'copies', 'aria-label': 'Copies' });
    const item = el('li', { class: 'group', 'data-correlation-id': correlationId }, head, copies);
    entry = { item, head, copies };
    groups.set(correlationId, entry);
    feed.prepend(item);
    while (feed.children.length > kept) {
      const oldest = feed.lastElementChild;
      groups.delete(oldest.dataset.correlationId);
      oldest.remove();
    }
  }
  return entry;
}

function add(event) {
  if (event.correlationId === null) {
    other.prepend(line(event));
    while (other.children.length > kept) other.lastElementChild.remove();
    return;
  }
  const entry = group(event.correlationId);
  if (event.type === 'master_fill.recorded') entry.head.replaceChildren(...line(event).childNodes);
  else entry.copies.append(line(event));
}

await startSession();
const source = new EventSource('/v1/events');
source.addEventListener('open', () => setState('live', 'live'));
// EventSource retries by itself, except after an answer that is not a stream (a 401 once the session ended).
source.addEventListener('error', () =>
  source.readyState === EventSource.CLOSED
    ? setState('disconnected: reload the page', 'down')
    : setState('reconnecting…', 'down'),
);
source.addEventListener('message', (message) => add(JSON.parse(message.data)));

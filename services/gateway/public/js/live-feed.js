import { accountRef } from './account-names.js';
import { el, shortId, time } from './dom.js';

// The live feed's markup: each correlation (a master fill, a correction or a resync) is a group
// with its follower orders as table rows and its decisions, skips and rejections as notes.
const kept = 200;

const orderStatus = {
  'order.submitted': (p) => (p.attempt > 1 ? `submitted (attempt ${p.attempt})` : 'submitted'),
  'order.accepted': (p) =>
    p.filledSize >= p.size ? 'filled' : p.filledSize > 0 ? `partially filled (${p.filledSize})` : 'accepted',
  'order.rejected': (p) => `rejected: ${p.code}`,
  'order.unknown': () => 'unknown',
  'order.expired': () => 'expired',
  'order.dropped': () => 'dropped',
  'order.unfilled': (p) => `unfilled ${p.remainder}`,
  'order.dead_lettered': () => 'dead-lettered',
};
const statusKind = {
  'order.accepted': 'ok',
  'order.submitted': 'pending',
  'order.rejected': 'bad',
  'order.unknown': 'bad',
  'order.expired': 'bad',
  'order.dropped': 'bad',
  'order.unfilled': 'bad',
  'order.dead_lettered': 'bad',
};

/** Positive is worse for the follower; shown signed, with its meaning in words for screen readers. */
function slippageText(bps) {
  if (bps === undefined) return '';
  const sign = bps > 0 ? '+' : '';
  return `${sign}${bps.toFixed(2)} bp`;
}

// Heads and notes are lists of text and account names (nodes), appended in order.
function headParts(event) {
  const p = event.payload;
  switch (event.type) {
    case 'master_fill.recorded':
      return ['Fill by ', accountRef(p.masterAccountId), `: ${p.side} ${p.size} ${p.symbol} @ ${p.price}`];
    case 'sync.corrected':
      return [
        'Correction for ',
        accountRef(p.followerAccountId),
        `: drift ${p.drift} on ${p.symbol}${p.capped ? ' (capped)' : ''}`,
      ];
    case 'sync.resynced':
      return [
        'Resync of ',
        accountRef(p.followerAccountId),
        ` on ${p.symbol} (${p.kind}): master at ${p.masterPosition}, decided on ${p.decidedOn ?? 'nothing'}`,
      ];
    default:
      return null;
  }
}

/** A note under a group, or a line of the other events; null for an event that is only a row. */
function noteParts(event) {
  const p = event.payload;
  const follower = (before, after) => [before, accountRef(p.followerAccountId), after];
  switch (event.type) {
    case 'copy.decided':
      return follower('Copy to ', `: ${p.action}, target ${p.targetBefore} → ${p.targetAfter}`);
    case 'copy.skipped':
      return follower('Skipped for ', `: ${p.reason}${p.detail ? ` (${p.detail})` : ''}`);
    case 'order.rejected':
      return follower('Rejected for ', `: ${p.code} ${p.message}`);
    case 'order.dead_lettered':
      return follower('Dead-lettered for ', `: ${p.message}`);
    case 'risk.exit':
      return follower('Risk exit for ', `: ${p.reason} (${p.detail})${p.flatten ? ', flattening' : ''}`);
    case 'sync.status':
      return [
        `Sync ${p.state} for `,
        accountRef(p.followerAccountId),
        ` on ${p.symbol}: target ${p.totalTarget}, actual ${p.actual}`,
      ];
    case 'follow.ended':
      return [`Follow ${shortId(p.followId)} ended (${p.mode}): ${p.step}`];
    case 'kill_switch.engaged':
      return [`Kill switch engaged: ${p.reason}`];
    case 'kill_switch.released':
      return [`Kill switch released${p.reason ? `: ${p.reason}` : ''}`];
    case 'trigger.pulled':
      return [`Trigger ${p.trigger} pulled`];
    default:
      return orderStatus[event.type] ? null : [event.type];
  }
}

function stamp(event) {
  return el('time', { datetime: event.occurredAt, text: time(event.occurredAt) });
}

export function createFeed(feed, other) {
  const groups = new Map();

  function group(correlationId) {
    let entry = groups.get(correlationId);
    if (entry) return entry;
    const head = el('div', { class: 'head', text: 'Copies' });
    const rows = el('tbody');
    const table = el(
      'table',
      { class: 'copies' },
      el('caption', { class: 'visually-hidden', text: 'Follower orders' }),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          ...['Follower', 'Order', 'Size', 'Price', 'Slippage', 'Latency', 'Status'].map((name) =>
            el('th', { scope: 'col', text: name }),
          ),
        ),
      ),
      rows,
    );
    const wrap = el('div', { class: 'table-wrap', hidden: '' }, table);
    const notes = el('ul', { class: 'notes', 'aria-label': 'Decisions and skips' });
    const item = el('li', { class: 'group', 'data-correlation-id': correlationId }, head, wrap, notes);
    entry = { item, head, wrap, rows, notes, orders: new Map() };
    groups.set(correlationId, entry);
    feed.prepend(item);
    while (feed.children.length > kept) {
      const oldest = feed.lastElementChild;
      groups.delete(oldest.dataset.correlationId);
      oldest.remove();
    }
    return entry;
  }

  /** The row of one follower order, made on first sight (decision or order event). */
  function orderRow(entry, leg, followerAccountId) {
    let row = entry.orders.get(leg.clientOrderId);
    if (row) return row;
    const cells = {};
    const tr = el('tr', { 'data-client-order-id': leg.clientOrderId, 'data-follower': followerAccountId });
    for (const name of ['follower', 'order', 'size', 'price', 'slippage', 'latency', 'status']) {
      cells[name] = el('td', { 'data-cell': name });
      tr.append(cells[name]);
    }
    cells.follower.append(accountRef(followerAccountId));
    cells.order.textContent = `${leg.leg} ${leg.side}`;
    cells.size.textContent = String(leg.size);
    cells.status.textContent = 'decided';
    row = { tr, cells };
    entry.orders.set(leg.clientOrderId, row);
    entry.rows.append(tr);
    entry.wrap.hidden = false;
    return row;
  }

  function showOrder(entry, event) {
    const p = event.payload;
    const { cells, tr } = orderRow(entry, p, p.followerAccountId);
    cells.status.textContent = orderStatus[event.type](p);
    tr.dataset.status = statusKind[event.type];
    if (event.type === 'order.accepted') {
      cells.size.textContent = p.filledSize === p.size ? String(p.size) : `${p.filledSize} of ${p.size}`;
      cells.price.textContent = p.avgFillPrice ?? p.limitPrice ?? '';
      cells.slippage.textContent = slippageText(p.slippageBps);
      if (p.slippageBps !== undefined) {
        cells.slippage.dataset.worse = String(p.slippageBps > 0);
        cells.slippage.title = p.slippageBps > 0 ? 'worse than the master' : 'at or better than the master';
      }
      cells.latency.textContent = `${p.latencyMs} ms`;
    }
  }

  function note(entry, event, parts) {
    entry.notes.append(el('li', { 'data-type': event.type }, stamp(event), ' ', ...parts));
  }

  return {
    add(event) {
      if (event.correlationId === null) {
        const parts = noteParts(event);
        other.prepend(
          el('li', { 'data-seq': String(event.seq), 'data-type': event.type }, stamp(event), ' ', ...parts),
        );
        while (other.children.length > kept) other.lastElementChild.remove();
        return;
      }
      const entry = group(event.correlationId);
      const p = event.payload;
      // Decisions, skips that still reduce, and corrections name their legs before the orders go.
      if (Array.isArray(p.legs)) for (const leg of p.legs) orderRow(entry, leg, p.followerAccountId);
      const head = headParts(event);
      if (head !== null) {
        entry.head.replaceChildren(stamp(event), ' ', ...head);
        entry.item.dataset.kind = event.type;
        return;
      }
      if (orderStatus[event.type]) showOrder(entry, event);
      const parts = noteParts(event);
      if (parts !== null) note(entry, event, parts);
    },
  };
}

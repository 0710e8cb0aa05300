import { accountRef } from './account-names.js';
import { getJson, sendJson } from './api.js';
import { el, row, shortId, time } from './dom.js';
import { describeAction } from './manual-actions.js';
import { startSession } from './session.js';

// Operators: the system status (queues, breakers, leases, held accounts), the kill switch (engaged or
// released only after a confirmation) and the recent manual actions with who took them, refreshed
// when the live stream tells of one and every few seconds.
const errorBox = document.getElementById('ops-error');
const killCard = document.getElementById('kill-card');
const killState = document.getElementById('kill-state');
const openButton = document.getElementById('kill-open');
const dialog = document.getElementById('kill-dialog');
const form = document.getElementById('kill-form');
const actionType = document.getElementById('actions-type');
const refreshMs = 10_000;
let engaged = false;
/** Emails of the actors seen in the manual actions, by user id (the kill switch names only the id). */
const emails = new Map();

function showKillSwitch(state) {
  engaged = state.engaged;
  killCard.classList.toggle('alert', state.engaged);
  const by = state.by ? ` by ${emails.get(state.by) ?? shortId(state.by)}` : '';
  killState.textContent = state.engaged
    ? `ENGAGED since ${time(state.at)}${by}: ${state.reason ?? ''}. No executor sends a new order.`
    : 'Released: executors send orders.';
  openButton.textContent = state.engaged ? 'Release the kill switch' : 'Engage the kill switch';
  document.getElementById('kill-dialog-title').textContent = state.engaged
    ? 'Release the kill switch?'
    : 'Engage the kill switch?';
  document.getElementById('kill-dialog-text').textContent = state.engaged
    ? 'Executors send orders again once it is released.'
    : 'No executor sends a new order while it is engaged.';
  // The header banner (kill-banner.js) follows without a reload.
  document.dispatchEvent(new CustomEvent('kill-switch', { detail: state }));
}

function fillTable(id, rows, empty) {
  const body = document.querySelector(`#${id} tbody`);
  if (rows.length > 0) return body.replaceChildren(...rows);
  const cell = el('td', {
    colspan: String(document.querySelectorAll(`#${id} thead th`).length),
    text: empty,
  });
  body.replaceChildren(el('tr', { class: 'empty' }, cell));
}

function showStatus(status) {
  showKillSwitch(status.killSwitch);
  const latency = status.copyLatencyMs;
  const openBreakers = status.breakers.filter((b) => b.state !== 'closed').length;
  const facts = [
    ['Executors alive', String(status.executors.length)],
    ['Masters watched', String(status.listeners.length)],
    [
      'Copy latency p50 / p99',
      latency.count === 0 ? 'no copies lately' : `${Math.round(latency.p50)} / ${Math.round(latency.p99)} ms`,
    ],
    ['Breakers not closed', String(openBreakers)],
    ['Accounts held after a 429', String(status.rateLimited.length)],
    ['Live streams', String(status.liveStreams)],
  ];
  document
    .getElementById('status-summary')
    .replaceChildren(
      ...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]),
    );
  fillTable(
    'queues',
    status.queues.map((q) =>
      row([q.name, String(q.waiting), String(q.active), String(q.delayed), String(q.failed)]),
    ),
    'No queues.',
  );
  fillTable(
    'streams',
    status.streams.map((s) => row([s.name, String(s.entries - s.read), String(s.read)])),
    'No streams.',
  );
  fillTable(
    'breakers',
    status.breakers.map((b) => {
      const tr = row([b.host, b.state, time(b.at), b.instanceId]);
      tr.dataset.state = b.state;
      return tr;
    }),
    'No breaker has changed state yet: every host is closed.',
  );
  fillTable(
    'leases',
    status.listeners.map((l) =>
      row([accountRef(l.masterAccountId), l.replica, l.until ? time(l.until) : 'no expiry']),
    ),
    'No master is leased by a listener.',
  );
  fillTable(
    'held',
    status.rateLimited.map((r) => row([accountRef(r.accountId), time(r.until)])),
    'No account is held.',
  );
}

// Reads overlap (timer, live events, the kill switch's answer): only the newest read's answer is
// drawn, and a kill switch change outdates every read sent before it, so a late answer from before
// the change cannot redraw the switch as it was.
let statusReads = 0;
let actionReads = 0;

async function refreshStatus() {
  const read = ++statusReads;
  try {
    const status = await getJson('/v1/status');
    if (read !== statusReads) return true;
    showStatus(status);
    errorBox.textContent = '';
  } catch (failure) {
    if (read !== statusReads) return true;
    errorBox.textContent =
      failure.status === 403 ? 'Operations are for operators and admins.' : failure.message;
    killState.textContent = '';
    openButton.disabled = true;
    return false;
  }
  return true;
}

async function refreshActions() {
  const read = ++actionReads;
  const { actions } = await getJson('/v1/manual-actions', { type: actionType.value, limit: '50' });
  if (read !== actionReads) return;
  for (const a of actions) if (a.actorUserId && a.actorEmail) emails.set(a.actorUserId, a.actorEmail);
  fillTable(
    'actions',
    actions.map((a) => {
      const { title, details } = describeAction(a);
      const tr = row([
        time(a.occurredAt),
        title,
        a.actorEmail ?? `deleted user ${shortId(a.actorUserId)}`,
        details,
      ]);
      tr.dataset.type = a.type;
      return tr;
    }),
    'No manual action yet.',
  );
}

openButton.addEventListener('click', () => {
  form.reset();
  dialog.showModal();
});
document.getElementById('kill-cancel').addEventListener('click', () => dialog.close());
form.addEventListener('submit', async () => {
  // method="dialog" closes the dialog itself; the change is sent only after the confirm button.
  const reason = new FormData(form).get('reason');
  try {
    const changed = await sendJson(engaged ? 'DELETE' : 'POST', '/v1/kill-switch', { reason });
    statusReads += 1;
    showKillSwitch(changed);
    await refreshActions();
  } catch (failure) {
    errorBox.textContent = failure.message;
  }
});
actionType.addEventListener('change', () =>
  refreshActions().catch((failure) => (errorBox.textContent = failure.message)),
);

await startSession();
// Actions first: their emails name who engaged the kill switch.
if (await refreshStatus()) {
  await refreshActions();
  await refreshStatus();
  setInterval(() => {
    refreshStatus();
    refreshActions().catch(() => {});
  }, refreshMs);
  // Manual actions as the audit service records them (any operator's, from any page or client).
  const source = new EventSource('/v1/events');
  source.addEventListener('message', (message) => {
    const { type } = JSON.parse(message.data);
    if (!type.startsWith('kill_switch.') && type !== 'trigger.pulled') return;
    refreshActions().catch(() => {});
    refreshStatus();
  });
}

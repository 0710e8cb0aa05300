import { getJson, sendJson } from './api.js';
import { el, row, time } from './dom.js';
import { startSession } from './session.js';

// Operators: the system status and the kill switch, engaged or released only after a confirmation.
const errorBox = document.getElementById('ops-error');
const killState = document.getElementById('kill-state');
const openButton = document.getElementById('kill-open');
const dialog = document.getElementById('kill-dialog');
const form = document.getElementById('kill-form');
let engaged = false;

function showKillSwitch(state) {
  engaged = state.engaged;
  killState.textContent = state.engaged
    ? `Engaged since ${time(state.at)}: ${state.reason ?? ''}`
    : 'Released: executors send orders.';
  openButton.textContent = state.engaged ? 'Release the kill switch' : 'Engage the kill switch';
  document.getElementById('kill-dialog-title').textContent = state.engaged
    ? 'Release the kill switch?'
    : 'Engage the kill switch?';
  document.getElementById('kill-dialog-text').textContent = state.engaged
    ? 'Executors send orders again once it is released.'
    : 'No executor sends a new order while it is engaged.';
}

function showStatus(status) {
  showKillSwitch(status.killSwitch);
  const latency = status.copyLatencyMs;
  const facts = [
    ['Executors alive', String(status.executors.length)],
    ['Masters watched', String(status.listeners.length)],
    [
      'Copy latency p50 / p99',
      latency.count === 0 ? 'no copies lately' : `${latency.p50} / ${latency.p99} ms`,
    ],
    ['Live streams', String(status.liveStreams)],
    ['Accounts held after a 429', String(status.rateLimited.length)],
  ];
  document
    .getElementById('status-summary')
    .replaceChildren(
      ...facts.flatMap(([term, value]) => [el('dt', { text: term }), el('dd', { text: value })]),
    );
  document
    .querySelector('#queues tbody')
    .replaceChildren(
      ...status.queues.map((q) =>
        row([q.name, String(q.waiting), String(q.active), String(q.delayed), String(q.failed)]),
      ),
    );
}

async function refresh() {
  try {
    showStatus(await getJson('/v1/status'));
  } catch (failure) {
    errorBox.textContent =
      failure.status === 403 ? 'Operations are for operators and admins.' : failure.message;
    killState.textContent = '';
    openButton.disabled = true;
  }
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
    showKillSwitch(await sendJson(engaged ? 'DELETE' : 'POST', '/v1/kill-switch', { reason }));
  } catch (failure) {
    errorBox.textContent = failure.message;
  }
});

await startSession();
await refresh();

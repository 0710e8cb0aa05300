import { getJson, sendJson } from './api.js';
import { el, row, shortId, time } from './dom.js';
import { clearErrors, showErrors } from './form-errors.js';
import { startSession } from './session.js';

// Broker accounts (a client's own; operators and admins: all), pause/resume, and the form that adds
// one: the API verifies the key with the exchange; a refusal keeps everything typed but the secret.
const errorBox = document.getElementById('accounts-error');
const body = document.querySelector('#accounts tbody');
const form = document.getElementById('add-account');
const formError = document.getElementById('add-error');
const formResult = document.getElementById('add-result');
const cursors = [undefined];
let next = null;
/** Owners' emails by user id: a client's own, or every user's for operators and admins. */
const owners = new Map();

const pauseModes = { close_only: 'close-only', frozen: 'frozen' };

function status(account) {
  if (account.status === 'paused') return `paused (${pauseModes[account.pauseMode]})`;
  return account.status;
}

/** What the account does while paused, changeable in place. */
function pauseModeSelect(account) {
  const select = el('select', { 'aria-label': `When ${account.label} is paused` });
  for (const [value, text] of Object.entries(pauseModes)) {
    const option = el('option', { value, text });
    if (value === account.pauseMode) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => change(account, { pauseMode: select.value }, select));
  return select;
}

function actions(account) {
  const cell = el('div', { class: 'row-actions' });
  if (account.status === 'disabled') return cell;
  const paused = account.status === 'paused';
  const verb = paused ? 'Resume' : 'Pause';
  const toggle = el('button', { type: 'button', text: verb, 'aria-label': `${verb} ${account.label}` });
  toggle.addEventListener('click', () => change(account, { status: paused ? 'active' : 'paused' }, toggle));
  cell.append(toggle);
  return cell;
}

function accountRow(account) {
  const tr = row(
    [
      account.label,
      owners.get(account.userId) ?? shortId(account.userId),
      account.role,
      account.baseUrl,
      `…${account.apiKeyLast4}`,
      status(account),
    ],
    pauseModeSelect(account),
  );
  tr.append(el('td', { text: time(account.createdAt) }), el('td', {}, actions(account)));
  tr.dataset.id = account.id;
  return tr;
}

async function change(account, patch, control) {
  errorBox.textContent = '';
  control.disabled = true;
  try {
    const updated = await sendJson('PATCH', `/v1/accounts/${encodeURIComponent(account.id)}`, patch);
    body.querySelector(`tr[data-id="${CSS.escape(updated.id)}"]`)?.replaceWith(accountRow(updated));
  } catch (failure) {
    errorBox.textContent = failure.message;
    control.disabled = false;
  }
}

async function show() {
  try {
    const page = await getJson('/v1/accounts', { cursor: cursors.at(-1) });
    body.replaceChildren(
      ...(page.accounts.length > 0 ? page.accounts.map(accountRow) : [row(['No broker accounts yet.'])]),
    );
    next = page.nextCursor;
    document.getElementById('accounts-next').disabled = !next;
    document.getElementById('accounts-first').disabled = cursors.length === 1;
  } catch (failure) {
    errorBox.textContent = failure.message;
  }
}

async function loadVenues() {
  const select = document.getElementById('baseUrl');
  try {
    const { venues } = await getJson('/v1/venues');
    select.replaceChildren(...venues.map((v) => el('option', { value: v.baseUrl, text: v.baseUrl })));
  } catch (failure) {
    formError.textContent = `Exchange venues unavailable: ${failure.message}`;
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form, formError);
  formResult.textContent = '';
  const submit = document.getElementById('add-submit');
  submit.disabled = true;
  const input = Object.fromEntries(new FormData(form).entries());
  try {
    const account = await sendJson('POST', '/v1/accounts', input);
    form.reset();
    formResult.textContent = `Added ${account.label}: the exchange accepted its key.`;
    cursors.splice(1);
    await show();
  } catch (failure) {
    // Everything typed stays for a correction, except the secret, which is never kept on the page.
    form.elements.namedItem('apiSecret').value = '';
    showErrors(form, formError, failure);
  } finally {
    submit.disabled = false;
  }
});
document.getElementById('accounts-next').addEventListener('click', () => {
  cursors.push(next);
  void show();
});
document.getElementById('accounts-first').addEventListener('click', () => {
  cursors.splice(1);
  void show();
});

async function loadOwners(session) {
  owners.set(session.user.id, session.user.email);
  if (session.user.role === 'client') return;
  try {
    const { users } = await getJson('/v1/users');
    for (const user of users) owners.set(user.id, user.email);
  } catch (failure) {
    errorBox.textContent = `Owners unavailable: ${failure.message}`;
  }
}

await loadOwners(await startSession());
await Promise.all([loadVenues(), show()]);

import { accountRef, rememberFollowLabels } from './account-names.js';
import { getJson, sendJson } from './api.js';
import { el, row } from './dom.js';
import { editFollow } from './follow-edit.js';
import { showSync } from './follow-sync.js';
import { startSession } from './session.js';
import './push-device.js';

// Follows (a client's own; operators and admins: all) with pause/freeze/resume, settings edited in a
// dialog, an end behind a confirmation, and each follow's positions against its targets.
const errorBox = document.getElementById('followers-error');
const body = document.querySelector('#follows tbody');
const dialog = document.getElementById('end-dialog');
const endForm = document.getElementById('end-form');
const cursors = [undefined];
let next = null;
/** The follow the end dialog is open for. */
let ending = null;

const followName = (follow) => `${follow.masterLabel} → ${follow.followerLabel}`;

function sizing(follow) {
  if (follow.mode === 'multiplier') return `× ${follow.multiplier}`;
  if (follow.mode === 'fixed_lot') return `${follow.lotSize} lots`;
  if (follow.mode === 'capital_allocation') return `${follow.capitalAllocated} allocated`;
  if (follow.mode === 'balance_percentage') return `${follow.balancePercentage}% of balance`;
  return '';
}

function settings(follow) {
  const parts = [sizing(follow)];
  if (follow.maxPosition !== null) parts.push(`max position ${follow.maxPosition}`);
  if (follow.maxNotional !== null) parts.push(`max notional ${follow.maxNotional}`);
  if (follow.dailyLossLimit !== null) parts.push(`daily loss limit ${follow.dailyLossLimit}`);
  if (follow.slippageLimitPct !== null)
    parts.push(`slippage limit ${follow.slippageLimitPct}% (${follow.slippageAction})`);
  if (follow.symbolAllowList.length > 0) parts.push(`only ${follow.symbolAllowList.join(', ')}`);
  if (follow.symbolDenyList.length > 0) parts.push(`not ${follow.symbolDenyList.join(', ')}`);
  return parts.filter(Boolean).join('; ');
}

function state(follow) {
  if (follow.endedAt) return `ended (${follow.unsubscribeMode}), ${follow.status}`;
  if (follow.status !== 'close_only') return follow.status;
  if (follow.riskExit === null) return 'paused (close-only)';
  const at = new Date(follow.riskExit.at).toLocaleString();
  return `close-only after a risk exit: ${follow.riskExit.detail} (${at})`;
}

/** A button that moves the follow to another state through the API. */
function stateButton(follow, verb, request, look = '') {
  const label = `${verb} ${followName(follow)}`;
  const button = el('button', { type: 'button', class: look, text: verb, 'aria-label': label });
  button.addEventListener('click', () => act(follow, request, button));
  return button;
}

function actions(follow) {
  const cell = el('div', { class: 'row-actions' });
  if (follow.endedAt) return cell;
  const name = followName(follow);
  const buttons = [];
  if (follow.status === 'active') buttons.push(stateButton(follow, 'Pause', ['POST', 'pause']));
  else buttons.push(stateButton(follow, 'Resume', ['POST', 'resume']));
  if (follow.status !== 'frozen')
    buttons.push(stateButton(follow, 'Freeze', ['PATCH', '', { status: 'frozen' }], 'secondary'));
  const edit = el('button', {
    type: 'button',
    class: 'secondary',
    text: 'Edit',
    'aria-label': `Edit ${name}`,
  });
  edit.addEventListener('click', () => editFollow(follow, name, showFollow));
  const end = el('button', { type: 'button', class: 'secondary', text: 'End', 'aria-label': `End ${name}` });
  end.addEventListener('click', () => {
    ending = follow;
    endForm.reset();
    document.getElementById('end-dialog-text').textContent = `${name}: no new copies after this.`;
    dialog.showModal();
  });
  cell.append(...buttons, edit, end);
  return cell;
}

function followRow(follow) {
  const tr = row(
    [
      accountRef(follow.masterAccountId),
      accountRef(follow.followerAccountId),
      follow.mode,
      settings(follow),
      state(follow),
    ],
    actions(follow),
  );
  tr.dataset.id = follow.id;
  return tr;
}

/** Replaces the follow's row with the API's answer. */
function showFollow(follow) {
  body.querySelector(`tr[data-id="${CSS.escape(follow.id)}"]`)?.replaceWith(followRow(follow));
}

async function act(follow, [method, action, payload], button) {
  errorBox.textContent = '';
  button.disabled = true;
  const path = `/v1/follows/${encodeURIComponent(follow.id)}${action ? `/${action}` : ''}`;
  try {
    showFollow(await sendJson(method, path, payload));
  } catch (failure) {
    errorBox.textContent = failure.message;
    button.disabled = false;
  }
}

async function show() {
  try {
    const page = await getJson('/v1/follows', { cursor: cursors.at(-1) });
    rememberFollowLabels(page.follows);
    body.replaceChildren(
      ...(page.follows.length > 0 ? page.follows.map(followRow) : [row(['No follows yet.'])]),
    );
    next = page.nextCursor;
    document.getElementById('follows-next').disabled = !next;
    document.getElementById('follows-first').disabled = cursors.length === 1;
    await showSync(page.follows, followName);
  } catch (failure) {
    errorBox.textContent = failure.message;
  }
}

document.getElementById('follows-next').addEventListener('click', () => {
  cursors.push(next);
  void show();
});
document.getElementById('follows-first').addEventListener('click', () => {
  cursors.splice(1);
  void show();
});
document.getElementById('end-cancel').addEventListener('click', () => dialog.close());
endForm.addEventListener('submit', async () => {
  // method="dialog" closes the dialog itself; the follow ends only after the confirm button.
  const mode = new FormData(endForm).get('mode');
  errorBox.textContent = '';
  try {
    showFollow(await sendJson('POST', `/v1/follows/${encodeURIComponent(ending.id)}/end`, { mode }));
  } catch (failure) {
    errorBox.textContent = failure.message;
  }
});

await startSession();
await show();

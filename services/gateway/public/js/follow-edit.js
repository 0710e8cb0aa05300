import { sendJson } from './api.js';
import { clearErrors, showErrors } from './form-errors.js';

// The dialog that edits a follow's settings: it sends only what changed, and shows the API's
// refusal beside each field, the dialog staying open with what was typed.
const dialog = document.getElementById('edit-dialog');
const form = document.getElementById('edit-form');
const errorBox = document.getElementById('edit-error');

const decimals = [
  'multiplier',
  'capitalAllocated',
  'balancePercentage',
  'maxNotional',
  'maxDrawdownPct',
  'dailyLossLimit',
  'slippageLimitPct',
];
const optionalCounts = ['lotSize', 'maxPosition'];
const counts = ['driftTolerance', 'maxCorrection', 'maxSignalAgeMs', 'restingOrderTtlMs'];
const lists = ['symbolAllowList', 'symbolDenyList'];
const choices = ['mode', 'slippageAction', 'driftPolicy'];
const flags = ['reverse', 'repairReopen', 'riskExitFlatten'];

/** A whole number as a number; anything else goes as typed, for the API to name what is wrong. */
const count = (text) => (/^-?\d+$/.test(text) ? Number(text) : text);
const field = (name) => form.elements.namedItem(name);

function fill(follow) {
  for (const name of [...decimals, ...optionalCounts, ...counts]) field(name).value = follow[name] ?? '';
  for (const name of lists) field(name).value = follow[name].join(', ');
  for (const name of choices) field(name).value = follow[name];
  for (const name of flags) field(name).checked = follow[name];
}

function read() {
  const value = (name) => field(name).value.trim();
  const settings = {};
  for (const name of decimals) settings[name] = value(name) === '' ? null : value(name);
  for (const name of optionalCounts) settings[name] = value(name) === '' ? null : count(value(name));
  for (const name of counts) settings[name] = count(value(name));
  for (const name of lists)
    settings[name] =
      value(name) === ''
        ? []
        : value(name)
            .split(/[\s,]+/)
            .filter(Boolean);
  for (const name of choices) settings[name] = value(name);
  for (const name of flags) settings[name] = field(name).checked;
  return settings;
}

/** Only the settings that differ from the follow as the API last showed it. */
function changes(follow, settings) {
  return Object.fromEntries(
    Object.entries(settings).filter(([name, v]) => JSON.stringify(v) !== JSON.stringify(follow[name])),
  );
}

let editing = null;
let saved = () => {};

/** Opens the dialog on a follow; `onSaved` gets the follow as the API answers after a change. */
export function editFollow(follow, name, onSaved) {
  editing = follow;
  saved = onSaved;
  clearErrors(form, errorBox);
  fill(follow);
  document.getElementById('edit-dialog-text').textContent = name;
  dialog.showModal();
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  clearErrors(form, errorBox);
  const patch = changes(editing, read());
  if (Object.keys(patch).length === 0) {
    dialog.close();
    return;
  }
  const save = document.getElementById('edit-save');
  save.disabled = true;
  try {
    const follow = await sendJson('PATCH', `/v1/follows/${encodeURIComponent(editing.id)}`, patch);
    dialog.close();
    saved(follow);
  } catch (failure) {
    showErrors(form, errorBox, failure);
  } finally {
    save.disabled = false;
  }
});
document.getElementById('edit-cancel').addEventListener('click', () => dialog.close());

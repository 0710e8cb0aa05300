import { getJson } from './api.js';
import { el, shortId } from './dom.js';

// Account labels for pages that show account ids. What /v1/accounts shows the caller (a client its
// own accounts, operators and admins every account) and the labels its follows carry (a client's
// masters) are read once; ids not among them (an account or follow added since) make one more read
// of the newest of both, shared by every id seen meanwhile. An id still unknown after that (another
// client's account) keeps its short form and is not asked again.
const pageSize = '200';
const maxPages = 5;
const askAfterMs = 250;
/** Label by id; null once a read showed the caller cannot see the account. */
const labels = new Map();
/** Ids waiting for the next read of the newest accounts, or in it. */
const asking = new Set();
let loaded = null;
/** Whether a read of the newest accounts is due or under way (one at a time). */
let reading = false;

async function readFollows() {
  const { follows } = await getJson('/v1/follows', { limit: pageSize });
  rememberFollowLabels(follows);
}

async function readAccounts(pages) {
  let cursor;
  for (let page = 0; page < pages; page += 1) {
    const answer = await getJson('/v1/accounts', { limit: pageSize, cursor });
    for (const account of answer.accounts) labels.set(account.id, account.label);
    cursor = answer.nextCursor;
    if (!cursor) return;
  }
}

/** Reads the caller's accounts once (every page can call it); rejects when the API refused. */
export function loadAccountNames() {
  loaded ??= Promise.all([readAccounts(maxPages), readFollows()]).finally(renameAll);
  return loaded;
}

/** The labels of both accounts of each follow, as /v1/follows names them. */
export function rememberFollowLabels(follows) {
  for (const follow of follows) {
    labels.set(follow.masterAccountId, follow.masterLabel);
    labels.set(follow.followerAccountId, follow.followerLabel);
  }
}

/** The account's label, or its short id while (or where) the label is unknown. */
function accountName(id) {
  return labels.get(id) ?? shortId(id);
}

/** An account named in the page: label or short id, the full id as its title; renamed by a later read. */
export function accountRef(id) {
  if (!id) return '';
  if (!labels.has(id)) ask(id);
  return el('span', { class: 'account', 'data-account-id': id, title: id, text: accountName(id) });
}

function renameAll() {
  for (const node of document.querySelectorAll('[data-account-id]'))
    node.textContent = accountName(node.dataset.accountId);
}

function ask(id) {
  if (asking.has(id)) return;
  asking.add(id);
  if (reading) return;
  reading = true;
  setTimeout(readNewest, askAfterMs);
}

async function readNewest() {
  const asked = [...asking];
  let answered = true;
  try {
    await loadAccountNames().catch(() => {});
    if (asked.some((id) => !labels.has(id))) await Promise.all([readAccounts(1), readFollows()]);
  } catch {
    // The names stay short ids; the next unknown id asks again.
    answered = false;
  } finally {
    for (const id of asked) {
      if (answered && !labels.has(id)) labels.set(id, null);
      asking.delete(id);
    }
    reading = asking.size > 0;
    if (reading) setTimeout(readNewest, askAfterMs);
    renameAll();
  }
}

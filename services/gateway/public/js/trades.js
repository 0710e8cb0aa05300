import { accountRef } from './account-names.js';
import { getJson, sendJson } from './api.js';
import { el, row, time } from './dom.js';
import { startSession } from './session.js';

// Master fills and copy trades with filters and keyset pages, and the monitor trigger.
const filtersForm = document.getElementById('filters');
const filtersError = document.getElementById('filters-error');

function filters() {
  const data = new FormData(filtersForm);
  return Object.fromEntries([...data.entries()].map(([k, v]) => [k, String(v).trim()]));
}

const auditLink = (copy) =>
  el('a', {
    href: `/trades/${encodeURIComponent(copy.id)}/audit`,
    text: 'Audit trail',
    'aria-label': `Audit trail of copy ${copy.id}`,
  });

/** One table's pages: the cursors of the pages seen so far (the first page has none). */
const tables = {
  fills: {
    path: '/v1/master-fills',
    query: (f) => ({ masterAccountId: f.masterAccountId, symbol: f.symbol }),
    rows: (page) =>
      page.masterFills.map((fill) => {
        const tr = row([
          time(fill.occurredAt),
          accountRef(fill.masterAccountId),
          fill.symbol,
          fill.side,
          String(fill.size),
          fill.price,
        ]);
        tr.append(el('td', { text: fill.correlationId }));
        tr.dataset.id = fill.id;
        return tr;
      }),
    cursors: [undefined],
  },
  copies: {
    path: '/v1/copy-trades',
    query: (f) => f,
    rows: (page) =>
      page.copyTrades.map((copy) => {
        const tr = row(
          [
            time(copy.createdAt),
            accountRef(copy.masterAccountId),
            accountRef(copy.followerAccountId),
            copy.originalSymbol,
            copy.copiedSide,
            String(copy.copiedSize),
            copy.copiedPrice,
            copy.status,
            copy.latencyMs === null ? '' : `${copy.latencyMs} ms`,
          ],
          auditLink(copy),
        );
        tr.dataset.id = copy.id;
        return tr;
      }),
    cursors: [undefined],
  },
};

async function show(name) {
  const table = tables[name];
  const page = await getJson(table.path, { ...table.query(filters()), cursor: table.cursors.at(-1) });
  const body = document.querySelector(`#${name} tbody`);
  const rows = table.rows(page);
  body.replaceChildren(...(rows.length > 0 ? rows : [row(['Nothing matches.'])]));
  table.next = page.nextCursor;
  document.querySelector(`[data-pager="${name}"][data-dir="next"]`).disabled = !page.nextCursor;
  document.querySelector(`[data-pager="${name}"][data-dir="first"]`).disabled = table.cursors.length === 1;
}

async function refresh() {
  filtersError.textContent = '';
  for (const table of Object.values(tables)) table.cursors = [undefined];
  try {
    await Promise.all([show('fills'), show('copies')]);
  } catch (failure) {
    filtersError.textContent =
      failure.status === 400 ? `Filter refused: ${failure.message}` : failure.message;
  }
}

filtersForm.addEventListener('submit', (event) => {
  event.preventDefault();
  void refresh();
});
filtersForm.addEventListener('reset', () => setTimeout(refresh));
for (const button of document.querySelectorAll('[data-pager]'))
  button.addEventListener('click', () => {
    const table = tables[button.dataset.pager];
    if (button.dataset.dir === 'next') table.cursors.push(table.next);
    else table.cursors = [undefined];
    void show(button.dataset.pager);
  });

const monitorButton = document.getElementById('monitor');
const monitorResult = document.getElementById('monitor-result');
monitorButton.addEventListener('click', async () => {
  monitorButton.disabled = true;
  monitorResult.replaceChildren(el('p', { text: 'Checking the masters…' }));
  const master = filters().masterAccountId;
  try {
    const result = await sendJson('POST', '/v1/triggers/monitor', master ? { masterAccountId: master } : {});
    const list = el('table', { id: 'monitor-masters' });
    list.append(el('caption', { text: 'What the monitor found' }));
    list.append(row(['Master', 'New fills', 'Active followers']));
    for (const m of result.masters)
      list.append(row([accountRef(m.masterAccountId), String(m.newFills), String(m.activeFollowers)]));
    monitorResult.replaceChildren(
      result.masters.length > 0 ? list : el('p', { text: 'No active masters to monitor.' }),
    );
    void refresh();
  } catch (failure) {
    monitorResult.replaceChildren(el('p', { class: 'error', text: `Monitor failed: ${failure.message}` }));
  } finally {
    monitorButton.disabled = false;
  }
});

await startSession();
await refresh();

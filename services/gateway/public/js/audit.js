import { getJson } from './api.js';
import { el, time } from './dom.js';
import { startSession } from './session.js';

// /trades/:id/audit: the copy trade's audit trail, oldest first.
const id = decodeURIComponent(window.location.pathname.split('/')[2] ?? '');
document.getElementById('trail-id').textContent = id;
await startSession();
try {
  const trail = await getJson(`/v1/copy-trades/${encodeURIComponent(id)}/audit`);
  const list = document.getElementById('trail');
  if (trail.entries.length === 0) list.append(el('li', { text: 'No audit events recorded for this copy.' }));
  for (const entry of trail.entries)
    list.append(
      el(
        'li',
        {},
        el('strong', { text: entry.type }),
        ` ${time(entry.occurredAt)} `,
        el('pre', { text: JSON.stringify(entry.payload, null, 2) }),
      ),
    );
} catch (failure) {
  document.getElementById('trail-error').textContent =
    failure.status === 404 ? 'No such copy trade.' : failure.message;
}

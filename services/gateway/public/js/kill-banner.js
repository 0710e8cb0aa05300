// Every page behind the login: a banner under the header while the kill switch is engaged, for
// operators and admins (the only ones who may read it). Loaded by the layout beside the page's module.
const banner = document.createElement('p');
banner.id = 'kill-banner';
banner.className = 'kill-banner';
banner.setAttribute('role', 'alert');
banner.hidden = true;

function show(state) {
  banner.hidden = !state.engaged;
  if (!state.engaged) return banner.replaceChildren();
  const link = document.createElement('a');
  link.href = '/operations';
  link.textContent = 'Operations';
  banner.replaceChildren(
    `Kill switch engaged since ${new Date(state.at).toLocaleString()}: ${state.reason ?? ''}. No new orders are sent. `,
    link,
  );
}

document.querySelector('header.top')?.after(banner);
// The operations page tells of changes made there.
document.addEventListener('kill-switch', (event) => show(event.detail));

async function load() {
  // Plain fetch, quietly: the page's own module handles an ended session.
  const session = await fetch('/auth/session', { headers: { accept: 'application/json' } });
  if (!session.ok) return;
  const { user } = await session.json();
  if (user.role !== 'admin' && user.role !== 'operator') return;
  const answer = await fetch('/v1/kill-switch', { headers: { accept: 'application/json' } });
  if (answer.ok) show(await answer.json());
}

load().catch(() => {});

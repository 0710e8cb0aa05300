import { getJson, sendJson } from './api.js';

// Every page behind the login: who is logged in, and the log-out button.
export async function startSession() {
  const session = await getJson('/auth/session');
  const who = document.getElementById('whoami');
  if (who) who.textContent = `${session.user.email} (${session.user.role})`;
  document.getElementById('logout')?.addEventListener('click', async () => {
    await sendJson('POST', '/auth/logout');
    window.location.assign('/login');
  });
  return session;
}

// The JSON API from the browser: same origin, the session cookie, and for writes the session's
// CSRF token (the readable ct_csrf cookie the login set) in x-csrf-token.

function csrfToken() {
  const entry = document.cookie.split('; ').find((c) => c.startsWith('ct_csrf='));
  return entry ? decodeURIComponent(entry.slice('ct_csrf='.length)) : '';
}

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `request failed (${status})`);
    this.status = status;
    /** The fields a 400 refused: [{ field: 'body.label', message }]. */
    this.issues = body?.issues ?? [];
  }
}

async function answer(response) {
  const body = response.status === 204 ? null : await response.json().catch(() => null);
  if (response.status === 401) window.location.assign('/login');
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** GET with the given query parameters; empty ones are left out (the API refuses unknown or empty). */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const qs = query.toString();
  return answer(await fetch(qs ? `${path}?${qs}` : path, { headers: { accept: 'application/json' } }));
}

export async function sendJson(method, path, body) {
  const headers = { accept: 'application/json', 'x-csrf-token': csrfToken() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  return answer(
    await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }),
  );
}

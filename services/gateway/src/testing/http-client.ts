/** What a test sees of an answer. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read any field
  body: any;
}

export interface Credentials {
  /** `Cookie` header value of a logged-in browser. */
  cookie?: string;
  csrfToken?: string;
  apiKey?: string;
}

/** A tiny HTTP client over fetch that sends a session cookie, CSRF token or API key. */
export function httpClient(baseUrl: string) {
  async function call(
    method: string,
    path: string,
    options: Credentials & { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.cookie) headers.cookie = options.cookie;
    if (options.csrfToken) headers['x-csrf-token'] = options.csrfToken;
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: response.status, headers: response.headers, text, body };
  }

  /** Logs in: the session cookie (as a Cookie header) and the CSRF token. */
  async function login(
    email: string,
    password: string,
  ): Promise<Required<Pick<Credentials, 'cookie' | 'csrfToken'>> & { answer: Answer }> {
    const answer = await call('POST', '/auth/login', { body: { email, password } });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${answer.text}`);
    const cookie = answer.headers
      .getSetCookie()
      .map((c) => c.split(';')[0]!)
      .join('; ');
    return { cookie, csrfToken: answer.body.csrfToken, answer };
  }

  return { call, login };
}

import { signRequest } from '../sign.ts';

export interface Creds {
  apiKey: string;
  apiSecret: string;
}

export interface DeltaResponse {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary wire fields.
  json: any;
}

/** A minimal signed Delta REST call for tests (what any Delta client does on the wire). */
export async function deltaFetch(
  baseUrl: string,
  method: string,
  pathWithQuery: string,
  options: {
    creds?: Creds;
    body?: unknown;
    timestamp?: number;
    headers?: Record<string, string>;
    /** Aborts the call (a client timeout): the request may still reach the exchange. */
    signal?: AbortSignal;
  } = {},
): Promise<DeltaResponse> {
  const body = options.body === undefined ? '' : JSON.stringify(options.body);
  const headers: Record<string, string> = { 'User-Agent': 'sim-test', ...options.headers };
  if (body) headers['Content-Type'] = 'application/json';
  if (options.creds) {
    const ts = options.timestamp ?? Math.floor(Date.now() / 1000);
    headers['api-key'] = options.creds.apiKey;
    headers.timestamp = String(ts);
    headers.signature = signRequest(options.creds.apiSecret, method, ts, pathWithQuery, body);
  }
  const res = await fetch(baseUrl + pathWithQuery, {
    method,
    headers,
    ...(body ? { body } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? JSON.parse(text) : undefined };
}

/** The demo's HTTP client of the gateway: an API key, JSON in and out, a clear error on refusal. */
export interface GatewayClient {
  call<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
}

export function gatewayClient(baseUrl: string, apiKey: string): GatewayClient {
  return {
    async call<T>(method: string, path: string, body?: unknown): Promise<T> {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`gateway ${method} ${path}: ${res.status} ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

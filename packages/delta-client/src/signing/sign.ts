import { createHmac } from 'node:crypto';

/** The text Delta signs: `METHOD + timestamp + path + queryString + body` (queryString keeps its `?`). */
export function prehash(
  method: string,
  timestampSeconds: number,
  path: string,
  query: string,
  body: string,
): string {
  return method + String(timestampSeconds) + path + query + body;
}

/** Hex HMAC-SHA256 of `payload` with the API secret. */
export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('hex');
}

/**
 * Holds an API key pair. The secret lives in a `#private` field so that no serialisation,
 * `util.inspect` or spread of this object can reveal it.
 */
export class RequestSigner {
  readonly apiKey: string;
  readonly #secret: string;

  constructor(apiKey: string, apiSecret: string) {
    this.apiKey = apiKey;
    this.#secret = apiSecret;
  }

  /** Signature for a REST request. */
  signRest(method: string, timestampSeconds: number, path: string, query: string, body: string): string {
    return hmacHex(this.#secret, prehash(method, timestampSeconds, path, query, body));
  }

  /** Signature for the WebSocket `key-auth` message: `"GET" + timestamp + "/live"`. */
  signLive(timestampSeconds: number): string {
    return hmacHex(this.#secret, 'GET' + String(timestampSeconds) + '/live');
  }

  toJSON(): { apiKey: string } {
    return { apiKey: this.apiKey };
  }
}

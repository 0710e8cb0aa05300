import { createHmac, timingSafeEqual } from 'node:crypto';

/** Delta's signature: hex HMAC-SHA256(secret, METHOD + timestamp + path(+?query) + body). */
export function signRequest(
  secret: string,
  method: string,
  timestampSeconds: number | string,
  pathWithQuery: string,
  body: string,
): string {
  return createHmac('sha256', secret)
    .update(method + String(timestampSeconds) + pathWithQuery + body)
    .digest('hex');
}

/** The WebSocket `key-auth` signature covers `"GET" + timestamp + "/live"`. */
export function signWsAuth(secret: string, timestampSeconds: number | string): string {
  return signRequest(secret, 'GET', timestampSeconds, '/live', '');
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(expected: string, given: string): boolean {
  const expectedBytes = Buffer.from(expected);
  const givenBytes = Buffer.from(given);
  // Compared by bytes: a non-ASCII header of as many characters is longer in bytes, and
  // timingSafeEqual throws on buffers of different lengths (the request got a 500, not Delta's 401).
  if (expectedBytes.length !== givenBytes.length) return false;
  return timingSafeEqual(expectedBytes, givenBytes);
}

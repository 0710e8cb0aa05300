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
  if (expected.length !== given.length) return false;
  return timingSafeEqual(Buffer.from(expected), Buffer.from(given));
}

import { ipAllowed } from '../http/auth.ts';
import type { SimState } from '../engine/state.ts';
import { signaturesEqual, signWsAuth } from '../sign.ts';

export type KeyAuthResult = { ok: true; userId: number } | { ok: false; statusCode: number; status: string };

/** Delta's `key-auth`: signature over "GET" + timestamp + "/live", 5-second window. */
export function checkKeyAuth(state: SimState, payload: unknown, ip: string): KeyAuthResult {
  const p = (payload ?? {}) as Record<string, unknown>;
  const apiKey = p['api-key'];
  const timestamp = p.timestamp;
  const signature = p.signature;
  if (
    typeof apiKey !== 'string' ||
    typeof signature !== 'string' ||
    (typeof timestamp !== 'string' && typeof timestamp !== 'number')
  ) {
    return { ok: false, statusCode: 400, status: 'incomplete_payload' };
  }
  const ts = Number(timestamp);
  if (!Number.isInteger(ts) || Math.abs(Math.floor(state.clock.nowMs() / 1000) - ts) > 5) {
    return { ok: false, statusCode: 408, status: 'request_expired' };
  }
  const key = state.keys.get(apiKey);
  if (!key) return { ok: false, statusCode: 404, status: 'api_key_not_found' };
  if (!signaturesEqual(signWsAuth(key.secret, String(timestamp)), signature)) {
    return { ok: false, statusCode: 401, status: 'invalid_signature' };
  }
  if (!ipAllowed(key, ip)) return { ok: false, statusCode: 401, status: 'ip_not_whitelisted' };
  return { ok: true, userId: key.userId };
}

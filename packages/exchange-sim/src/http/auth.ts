import { DeltaError } from '../engine/errors.ts';
import type { SimState } from '../engine/state.ts';
import type { ApiKey, Permission } from '../engine/types.ts';
import { type HmacSha256Key, hmacSha256Hex, hmacSha256Key } from '../hmac-key.ts';
import { signaturesEqual } from '../sign.ts';

/** A signature is accepted for this long around its timestamp. */
export const SIGNATURE_WINDOW_SECONDS = 5;

export interface AuthInput {
  apiKey: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
  method: string;
  pathWithQuery: string;
  body: string;
  ip: string;
}

export function normalizeIp(ip: string | undefined): string {
  if (!ip) return '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** Checks a key's IP whitelist; undefined whitelist admits everyone. */
export function ipAllowed(key: ApiKey, ip: string): boolean {
  return key.ipWhitelist === undefined || key.ipWhitelist.includes(ip);
}

/** Each key's padded HMAC blocks, worked out on its first request (dropped with the key). */
const hmacKeys = new WeakMap<ApiKey, HmacSha256Key>();

function hmacKeyOf(key: ApiKey): HmacSha256Key {
  let hmacKey = hmacKeys.get(key);
  if (hmacKey === undefined || hmacKey.secret !== key.secret) {
    hmacKey = hmacSha256Key(key.secret);
    hmacKeys.set(key, hmacKey);
  }
  return hmacKey;
}

/** Delta's REST signature (as `signRequest`) with the key's cached HMAC blocks. */
function expectedSignature(key: ApiKey, input: AuthInput): string {
  return hmacSha256Hex(hmacKeyOf(key), input.method + input.timestamp + input.pathWithQuery + input.body);
}

/** Verifies Delta's REST signature headers; throws Delta's 401 refusals. */
export function authenticate(state: SimState, input: AuthInput, needs: Permission): ApiKey {
  const key = input.apiKey === undefined ? undefined : state.keys.get(input.apiKey);
  if (!key) throw new DeltaError(401, 'invalid_api_key');
  const ts = input.timestamp === undefined ? Number.NaN : Number(input.timestamp);
  if (!Number.isInteger(ts) || input.signature === undefined) throw new DeltaError(401, 'invalid_signature');
  const serverTime = Math.floor(state.clock.nowMs() / 1000);
  if (Math.abs(serverTime - ts) > SIGNATURE_WINDOW_SECONDS) {
    throw new DeltaError(401, 'expired_signature', { request_time: ts, server_time: serverTime });
  }
  if (!signaturesEqual(expectedSignature(key, input), input.signature))
    throw new DeltaError(401, 'invalid_signature');
  if (!ipAllowed(key, input.ip)) {
    throw new DeltaError(401, 'ip_not_whitelisted_for_api_key', { client_ip: input.ip });
  }
  // Trading keys can read too; read-only keys cannot trade.
  if (!key.permissions.has(needs) && !(needs === 'read' && key.permissions.has('trading'))) {
    throw new DeltaError(401, 'unauthorized_api_access', { required_permission: needs });
  }
  return key;
}

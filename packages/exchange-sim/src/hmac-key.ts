import { hash } from 'node:crypto';

/** SHA-256's block size: HMAC pads its key to this. */
const BLOCK = 64;
const DIGEST = 32;

/**
 * An HMAC-SHA256 key with its padded blocks worked out once (RFC 2104), so each signature costs two
 * one-shot hashes instead of a fresh `createHmac` (a JS stream object and a native context) per request.
 */
export interface HmacSha256Key {
  /** The secret it was made from, so a cache can tell a stale entry. */
  readonly secret: string;
  /** key ⊕ ipad. */
  readonly inner: Buffer;
  /** key ⊕ opad, then room for the inner digest (overwritten on every use, synchronously). */
  readonly outer: Buffer;
}

/** Pads `secret` (UTF-8, as `createHmac` reads a string key; hashed first when longer than a block). */
export function hmacSha256Key(secret: string): HmacSha256Key {
  let key = Buffer.from(secret, 'utf8');
  if (key.length > BLOCK) key = hash('sha256', key, 'buffer');
  const inner = Buffer.alloc(BLOCK);
  const outer = Buffer.alloc(BLOCK + DIGEST);
  for (let i = 0; i < BLOCK; i++) {
    const byte = key[i] ?? 0;
    inner[i] = byte ^ 0x36;
    outer[i] = byte ^ 0x5c;
  }
  return { secret, inner, outer };
}

/** Hex HMAC-SHA256 of `message` (UTF-8): the same text as `createHmac('sha256', secret)`. */
export function hmacSha256Hex(key: HmacSha256Key, message: string): string {
  const length = Buffer.byteLength(message, 'utf8');
  const innerInput = Buffer.allocUnsafe(BLOCK + length);
  key.inner.copy(innerInput, 0);
  innerInput.write(message, BLOCK, length, 'utf8');
  hash('sha256', innerInput, 'buffer').copy(key.outer, BLOCK);
  return hash('sha256', key.outer, 'hex');
}

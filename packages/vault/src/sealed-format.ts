import { type GcmBox, ivBytes, keyBytes, tagBytes } from './aes-gcm.ts';
import { isKeyId } from './key-id.ts';
import { VaultError } from './vault-error.ts';

/**
 * A sealed record, as stored in one text column:
 * `v1.<keyId>.<wrapIv>.<wrappedKey>.<wrapTag>.<iv>.<ciphertext>.<tag>` (binary parts base64url).
 */
export type SealedRecord = { keyId: string; wrappedKey: GcmBox; secret: GcmBox };

const version = 'v1';
const base64url = /^[A-Za-z0-9_-]*$/;

export function formatSealed(record: SealedRecord): string {
  const { wrappedKey: w, secret: s } = record;
  const parts = [w.iv, w.ciphertext, w.tag, s.iv, s.ciphertext, s.tag].map((b) => b.toString('base64url'));
  return [version, record.keyId, ...parts].join('.');
}

export function parseSealed(sealed: unknown): SealedRecord {
  if (typeof sealed !== 'string') throw malformed('not a string');
  const parts = sealed.split('.');
  if (parts[0] !== version) throw malformed('unknown version');
  if (parts.length !== 8) throw malformed(`expected 8 parts, found ${parts.length}`);
  const [, keyId = '', wrapIv = '', wrapped = '', wrapTag = '', iv = '', ciphertext = '', tag = ''] = parts;
  if (!isKeyId(keyId)) throw malformed('invalid key id');
  return {
    keyId,
    wrappedKey: {
      iv: decode('wrapping iv', wrapIv, ivBytes),
      ciphertext: decode('wrapped key', wrapped, keyBytes),
      tag: decode('wrapping tag', wrapTag, tagBytes),
    },
    secret: {
      iv: decode('iv', iv, ivBytes),
      ciphertext: decode('ciphertext', ciphertext),
      tag: decode('tag', tag, tagBytes),
    },
  };
}

function decode(field: string, text: string, length?: number): Buffer {
  if (!base64url.test(text)) throw malformed(`${field} is not base64url`);
  const bytes = Buffer.from(text, 'base64url');
  // Re-encoding catches non-canonical text (stray trailing bits) that would decode to the same bytes.
  if (bytes.toString('base64url') !== text) throw malformed(`${field} is not canonical base64url`);
  if (length !== undefined && bytes.length !== length) throw malformed(`${field} must be ${length} bytes`);
  return bytes;
}

function malformed(reason: string): VaultError {
  return new VaultError('malformed', `sealed secret is malformed: ${reason}`);
}

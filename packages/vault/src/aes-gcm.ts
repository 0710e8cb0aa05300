import { createCipheriv, createDecipheriv, type KeyObject, randomBytes } from 'node:crypto';

export const ivBytes = 12;
export const tagBytes = 16;
export const keyBytes = 32;

export type GcmBox = { iv: Buffer; ciphertext: Buffer; tag: Buffer };

export function gcmEncrypt(key: KeyObject | Buffer, plaintext: Buffer, aad: Buffer): GcmBox {
  const iv = randomBytes(ivBytes);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Returns null when authentication fails, so callers choose the error code. */
export function gcmDecrypt(key: KeyObject | Buffer, box: GcmBox, aad: Buffer): Buffer | null {
  const decipher = createDecipheriv('aes-256-gcm', key, box.iv, { authTagLength: tagBytes });
  decipher.setAAD(aad);
  decipher.setAuthTag(box.tag);
  try {
    return Buffer.concat([decipher.update(box.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

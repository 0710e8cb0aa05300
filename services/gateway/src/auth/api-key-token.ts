import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// `ct_<prefix>_<secret>`: the prefix (12 hex characters) finds the row, the secret (32 random
// bytes, base64url) proves possession. Only the secret's SHA-256 is stored: it is random and long,
// so a fast hash is enough (no password to guess).
const pattern = /^ct_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyToken {
  prefix: string;
  secret: string;
}

export function generateApiKey(): ApiKeyToken & { key: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { prefix, secret, key: `ct_${prefix}_${secret}`, secretHash: hashSecret(secret) };
}

export function parseApiKey(key: string): ApiKeyToken | undefined {
  const match = pattern.exec(key);
  return match ? { prefix: match[1]!, secret: match[2]! } : undefined;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const actual = Buffer.from(hashSecret(secret), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

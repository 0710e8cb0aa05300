import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret, parseApiKey, secretMatches } from './api-key-token.ts';

describe('API key tokens', () => {
  it('are ct_<prefix>_<secret>, parse back, and match only their own hash', () => {
    const generated = generateApiKey();
    expect(generated.key).toMatch(/^ct_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    const parsed = parseApiKey(generated.key);
    expect(parsed).toEqual({ prefix: generated.prefix, secret: generated.secret });
    expect(generated.secretHash).toBe(hashSecret(generated.secret));
    expect(secretMatches(generated.secret, generated.secretHash)).toBe(true);
    expect(secretMatches(generateApiKey().secret, generated.secretHash)).toBe(false);
    expect(generateApiKey().prefix).not.toBe(generated.prefix);
  });

  it('refuse anything else', () => {
    const { key } = generateApiKey();
    for (const bad of ['', 'ct_', `${key}a`, key.replace('ct_', 'cx_'), key.slice(0, -1), ` ${key}`])
      expect(parseApiKey(bad), bad).toBeUndefined();
  });
});

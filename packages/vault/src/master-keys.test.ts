import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseMasterKeys } from './master-keys.ts';
import type { VaultError } from './vault-error.ts';

const a = randomBytes(32).toString('base64');
const b = randomBytes(32).toString('base64');

function errorOf(run: () => unknown): VaultError {
  try {
    run();
  } catch (error) {
    return error as VaultError;
  }
  throw new Error('expected an error');
}

describe('parseMasterKeys', () => {
  it('reads every entry and the active key id', () => {
    const { keys, activeKeyId } = parseMasterKeys(` k2026a:${a} , k2025b:${b},`, 'k2026a');
    expect(activeKeyId).toBe('k2026a');
    expect([...keys.keys()]).toEqual(['k2026a', 'k2025b']);
    expect(keys.get('k2025b')!.equals(Buffer.from(b, 'base64'))).toBe(true);
  });

  const short = randomBytes(16).toString('base64');
  const cases: [string, string, string, RegExp][] = [
    ['empty spec', '', 'k1', /holds no keys/],
    ['entry without a colon', `k1:${a},${b}`, 'k1', /entry 2 is not/],
    ['invalid key id', `k 1:${a}`, 'k 1', /entry 1 has an invalid key id/],
    ['repeated key id', `k1:${a},k1:${b}`, 'k1', /entry 2 \(k1\) repeats/],
    ['not base64', `k1:${a},k2:${b.replace(/.$/, '*')}`, 'k1', /entry 2 \(k2\) is not padded base64/],
    ['wrong length', `k1:${a},k2:${short}`, 'k1', /entry 2 \(k2\) must decode to 32 bytes, got 16/],
    ['active id missing', `k1:${a}`, 'k9', /names key "k9", which VAULT_KEYS does not hold/],
    ['active id empty', `k1:${a}`, ' ', /VAULT_ACTIVE_KEY_ID is empty/],
    ['a key value as active id', `k1:${a}`, b, /VAULT_ACTIVE_KEY_ID is not a valid key id/],
  ];

  for (const [name, spec, active, message] of cases) {
    it(`rejects ${name}, naming the entry and never its value`, () => {
      const error = errorOf(() => parseMasterKeys(spec, active));
      expect(error.code).toBe('invalid_config');
      expect(error.message).toMatch(message);
      for (const value of [a, b, short, b.replace(/.$/, '*')]) {
        expect(error.message).not.toContain(value);
        expect(error.message).not.toContain(value.slice(0, 12));
      }
    });
  }
});

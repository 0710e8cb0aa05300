import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { masterKeysFromEnv, vaultFromEnv } from './vault-env.ts';

const value = randomBytes(32).toString('base64');

describe('vault from the environment', () => {
  it('builds a working vault from VAULT_KEYS and VAULT_ACTIVE_KEY_ID', () => {
    const vault = vaultFromEnv({ VAULT_KEYS: `k1:${value}`, VAULT_ACTIVE_KEY_ID: 'k1' });
    expect(vault.open(vault.seal('s', 'a'), 'a')).toBe('s');
  });

  it('names the missing variables', () => {
    expect(() => masterKeysFromEnv({ VAULT_KEYS: '' })).toThrow(
      expect.objectContaining({
        code: 'invalid_config',
        message: 'missing or empty: VAULT_KEYS, VAULT_ACTIVE_KEY_ID',
      }),
    );
  });

  it('never echoes a key value when a variable is wrong', () => {
    try {
      masterKeysFromEnv({ VAULT_KEYS: value, VAULT_ACTIVE_KEY_ID: 'k1' });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toMatch(/entry 1 is not/);
      expect((error as Error).message).not.toContain(value.slice(0, 8));
    }
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault.ts';
import { VaultError } from './vault-error.ts';

const vault = createVault({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1' });

describe('vault round trip', () => {
  it('opens what it sealed, for the same account', () => {
    const sealed = vault.seal('api-secret-123', 'acct-1');
    expect(vault.open(sealed, 'acct-1')).toBe('api-secret-123');
  });

  it('keeps unicode and empty secrets intact', () => {
    for (const secret of ['', 'ключ🔑', 'a'.repeat(4096)]) {
      expect(vault.open(vault.seal(secret, 'acct-1'), 'acct-1')).toBe(secret);
    }
  });

  it('never produces the same record twice (fresh data key and ivs)', () => {
    const a = vault.seal('same', 'acct-1');
    const b = vault.seal('same', 'acct-1');
    const [partsA, partsB] = [a.split('.'), b.split('.')];
    for (let i = 2; i < 8; i += 1) expect(partsA[i]).not.toBe(partsB[i]);
  });

  it('writes a versioned record naming the active key id, without the plaintext', () => {
    const sealed = vault.seal('plain-secret', 'acct-1');
    expect(sealed).toMatch(/^v1\.k1\.[A-Za-z0-9_.-]+$/);
    expect(sealed).not.toContain('plain-secret');
    expect(sealed).not.toContain(Buffer.from('plain-secret').toString('base64url'));
  });

  it('refuses a record moved to another account with auth_failed', () => {
    const sealed = vault.seal('api-secret', 'acct-1');
    expect(() => vault.open(sealed, 'acct-2')).toThrow(expect.objectContaining({ code: 'auth_failed' }));
    expect(() => vault.rewrap(sealed, 'acct-2')).toThrow(expect.objectContaining({ code: 'auth_failed' }));
  });

  it('does not confuse account ids that only differ by encoding tricks', () => {
    const sealed = vault.seal('s', 'a","b');
    expect(() => vault.open(sealed, 'a')).toThrow(VaultError);
    expect(vault.open(sealed, 'a","b')).toBe('s');
  });

  it('rejects an empty account id or a non-string secret with invalid_input', () => {
    expect(() => vault.seal('s', '')).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => vault.open(vault.seal('s', 'a'), '')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    expect(() => vault.seal(42 as unknown as string, 'a')).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });

  it('says unknown_key_id for a record wrapped under a key it does not hold', () => {
    const other = createVault({ keys: new Map([['k9', randomBytes(32)]]), activeKeyId: 'k9' });
    const sealed = other.seal('s', 'acct-1');
    expect(() => vault.open(sealed, 'acct-1')).toThrow(expect.objectContaining({ code: 'unknown_key_id' }));
  });

  it('fails authentication when the key id is known but the master key differs', () => {
    const impostor = createVault({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1' });
    const sealed = impostor.seal('s', 'acct-1');
    expect(() => vault.open(sealed, 'acct-1')).toThrow(expect.objectContaining({ code: 'auth_failed' }));
  });
});

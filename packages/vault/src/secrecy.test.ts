import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault.ts';
import { VaultError } from './vault-error.ts';

const key = randomBytes(32);
const encodings = [key.toString('base64'), key.toString('base64url'), key.toString('hex')];

describe('nothing secret leaks from the vault', () => {
  const vault = createVault({ keys: new Map([['k1', key]]), activeKeyId: 'k1' });

  it('util.inspect and JSON show key ids only', () => {
    const shown = [
      inspect(vault, { showHidden: true, depth: 10 }),
      JSON.stringify(vault),
      JSON.stringify({ vault }),
      String(vault),
    ];
    for (const text of shown) {
      for (const encoded of encodings) expect(text).not.toContain(encoded.slice(0, 16));
      expect(text).not.toMatch(/[0-9a-f]{2}( [0-9a-f]{2}){7}/);
    }
    expect(JSON.parse(JSON.stringify(vault))).toEqual({ activeKeyId: 'k1', keyIds: ['k1'] });
  });

  it('keeps working when the caller wipes the buffer it handed over', () => {
    const handed = Buffer.from(key);
    const own = createVault({ keys: new Map([['k1', handed]]), activeKeyId: 'k1' });
    const sealed = own.seal('s', 'a');
    handed.fill(0);
    expect(own.open(sealed, 'a')).toBe('s');
    expect(vault.open(sealed, 'a')).toBe('s');
  });

  it('errors carry neither the plaintext nor the account id nor key bytes', () => {
    const secret = 'very-secret-api-key-value';
    const sealed = vault.seal(secret, 'acct-1');
    const attempts = [
      () => vault.open(sealed, 'acct-2'),
      () =>
        vault.open(
          sealed.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')),
          'acct-1',
        ),
      () => vault.open(`${sealed}x`, 'acct-1'),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(VaultError);
      const text = `${inspect(caught)} ${JSON.stringify(caught)} ${(caught as Error).stack}`;
      expect(text).not.toContain(secret);
      expect(text).not.toContain('acct-2');
      for (const encoded of encodings) expect(text).not.toContain(encoded.slice(0, 16));
    }
  });
});

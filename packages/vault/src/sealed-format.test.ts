import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault.ts';

const vault = createVault({ keys: new Map([['k1', randomBytes(32)]]), activeKeyId: 'k1' });
const sealed = vault.seal('secret', 'acct-1');
const parts = sealed.split('.');

function withPart(index: number, value: string): string {
  return parts.map((part, i) => (i === index ? value : part)).join('.');
}

// A 16-byte tag is 22 characters; the last one carries 2 bits of data and 4 unused ones.
function setUnusedBit(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return text.slice(0, -1) + alphabet[alphabet.indexOf(text.at(-1)!) ^ 1];
}

describe('malformed sealed records', () => {
  const cases: [string, unknown][] = [
    ['not a string', 42],
    ['empty', ''],
    ['another version', withPart(0, 'v2')],
    ['too few parts', parts.slice(0, 7).join('.')],
    ['too many parts', `${sealed}.AA`],
    ['an invalid key id', withPart(1, 'k 1')],
    ['non-base64url text', withPart(6, `${parts[6]}+`)],
    ['padding', withPart(4, `${parts[4]}==`)],
    ['non-canonical base64url (unused bits set)', withPart(4, setUnusedBit(parts[4]!))],
    ['a short iv', withPart(5, randomBytes(8).toString('base64url'))],
    ['a short tag', withPart(7, randomBytes(12).toString('base64url'))],
    ['a short wrapped key', withPart(3, randomBytes(16).toString('base64url'))],
    ['JSON', JSON.stringify({ v: 1 })],
  ];

  for (const [name, input] of cases) {
    it(`rejects ${name} with malformed, before any decryption`, () => {
      for (const run of [
        () => vault.open(input as string, 'acct-1'),
        () => vault.rewrap(input as string, 'acct-1'),
        () => vault.needsRewrap(input as string),
      ]) {
        expect(run).toThrow(expect.objectContaining({ name: 'VaultError', code: 'malformed' }));
      }
    });
  }
});

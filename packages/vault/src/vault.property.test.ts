import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createVault } from './vault.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const old = createVault({ keys: new Map([['k1', k1]]), activeKeyId: 'k1' });
const both = createVault({
  keys: new Map([
    ['k1', k1],
    ['k2', k2],
  ]),
  activeKeyId: 'k2',
});
const accountId = fc.string({ minLength: 1, maxLength: 64, unit: 'grapheme' });
const secret = fc.string({ maxLength: 256, unit: 'grapheme' });

describe('vault properties', () => {
  it('open(seal(s, a), a) === s, before and after a rewrap', () => {
    fc.assert(
      fc.property(secret, accountId, (s, a) => {
        const sealed = old.seal(s, a);
        expect(old.open(sealed, a)).toBe(s);
        const rewrapped = both.rewrap(sealed, a);
        expect(both.open(rewrapped, a)).toBe(s);
        expect(both.needsRewrap(rewrapped)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('a record never opens for a different account', () => {
    fc.assert(
      fc.property(secret, accountId, accountId, (s, a, b) => {
        fc.pre(a !== b);
        expect(() => old.open(old.seal(s, a), b)).toThrow(expect.objectContaining({ code: 'auth_failed' }));
      }),
      { numRuns: 200 },
    );
  });
});

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatSealed, parseSealed, type SealedRecord } from './sealed-format.ts';
import { createVault } from './vault.ts';

const vault = createVault({
  keys: new Map([
    ['k1', randomBytes(32)],
    ['k2', randomBytes(32)],
  ]),
  activeKeyId: 'k1',
});
const sealed = vault.seal('the-api-secret', 'acct-1');

function flipBit(pick: (record: SealedRecord) => Buffer, bit: number): string {
  const record = parseSealed(sealed);
  const bytes = pick(record);
  bytes[bit >> 3]! ^= 1 << (bit & 7);
  return formatSealed(record);
}

describe('a flipped bit is detected', () => {
  const secretParts: [string, (r: SealedRecord) => Buffer][] = [
    ['ciphertext', (r) => r.secret.ciphertext],
    ['tag', (r) => r.secret.tag],
    ['iv', (r) => r.secret.iv],
  ];
  const keyParts: [string, (r: SealedRecord) => Buffer][] = [
    ['wrapped key', (r) => r.wrappedKey.ciphertext],
    ['wrapping iv', (r) => r.wrappedKey.iv],
    ['wrapping tag', (r) => r.wrappedKey.tag],
  ];

  for (const [name, pick] of secretParts) {
    it(`in the secret's ${name}: tampered`, () => {
      for (const bit of [0, 7, 8 * pick(parseSealed(sealed)).length - 1]) {
        expect(() => vault.open(flipBit(pick, bit), 'acct-1')).toThrow(
          expect.objectContaining({ code: 'tampered' }),
        );
      }
    });
  }

  for (const [name, pick] of keyParts) {
    it(`in the ${name}: auth_failed`, () => {
      for (const bit of [0, 7, 8 * pick(parseSealed(sealed)).length - 1]) {
        const altered = flipBit(pick, bit);
        expect(() => vault.open(altered, 'acct-1')).toThrow(expect.objectContaining({ code: 'auth_failed' }));
        expect(() => vault.rewrap(altered, 'acct-1')).toThrow(
          expect.objectContaining({ code: 'auth_failed' }),
        );
      }
    });
  }

  it('in the key id (pointing the record at another loaded key): auth_failed', () => {
    const relabelled = formatSealed({ ...parseSealed(sealed), keyId: 'k2' });
    expect(() => vault.open(relabelled, 'acct-1')).toThrow(expect.objectContaining({ code: 'auth_failed' }));
  });

  it('when the data key of one record is spliced onto another record of the same account: tampered', () => {
    const other = parseSealed(vault.seal('another-secret', 'acct-1'));
    const spliced = formatSealed({ ...parseSealed(sealed), wrappedKey: other.wrappedKey });
    expect(() => vault.open(spliced, 'acct-1')).toThrow(expect.objectContaining({ code: 'tampered' }));
  });

  it('when the ciphertext is truncated or extended: tampered', () => {
    const record = parseSealed(sealed);
    const shorter = formatSealed({
      ...record,
      secret: { ...record.secret, ciphertext: record.secret.ciphertext.subarray(1) },
    });
    const longer = formatSealed({
      ...record,
      secret: { ...record.secret, ciphertext: Buffer.concat([record.secret.ciphertext, Buffer.from([0])]) },
    });
    expect(() => vault.open(shorter, 'acct-1')).toThrow(expect.objectContaining({ code: 'tampered' }));
    expect(() => vault.open(longer, 'acct-1')).toThrow(expect.objectContaining({ code: 'tampered' }));
  });
});

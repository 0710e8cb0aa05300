import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rotateAll, rotateEach, type StoredSecret } from './rotate.ts';
import { createVault } from './vault.ts';

const k1 = randomBytes(32);
const k2 = randomBytes(32);
const secrets = Array.from({ length: 20 }, (_, i) => ({
  id: i,
  accountId: `acct-${i % 7}`,
  secret: `secret-${i}`,
}));

function keyIdOf(sealed: string): string {
  return sealed.split('.')[1]!;
}

describe('master key rotation', () => {
  const before = createVault({ keys: new Map([['k1', k1]]), activeKeyId: 'k1' });
  const records: StoredSecret<number>[] = secrets.map(({ id, accountId, secret }) => ({
    id,
    accountId,
    sealed: before.seal(secret, accountId),
  }));
  const during = createVault({
    keys: new Map([
      ['k1', k1],
      ['k2', k2],
    ]),
    activeKeyId: 'k2',
  });

  it('opens every record while both keys are loaded, and new seals use k2', () => {
    for (const [i, record] of records.entries()) {
      expect(during.needsRewrap(record.sealed)).toBe(true);
      expect(during.open(record.sealed, record.accountId)).toBe(secrets[i]!.secret);
    }
    expect(keyIdOf(during.seal('new', 'acct-x'))).toBe('k2');
  });

  it('re-wraps every record to k2, leaving the secret ciphertext as it was', () => {
    const report = rotateAll(records, during);
    expect(report.failed).toEqual([]);
    expect(report.current).toBe(0);
    expect(report.rewrapped.map((r) => r.id)).toEqual(records.map((r) => r.id));
    for (const [i, record] of report.rewrapped.entries()) {
      expect(keyIdOf(record.sealed)).toBe('k2');
      expect(record.sealed.split('.').slice(5)).toEqual(records[i]!.sealed.split('.').slice(5));
      expect(during.needsRewrap(record.sealed)).toBe(false);
    }
  });

  it('still opens every record once k1 is removed', () => {
    const { rewrapped } = rotateAll(records, during);
    const after = createVault({ keys: new Map([['k2', k2]]), activeKeyId: 'k2' });
    for (const [i, record] of rewrapped.entries()) {
      expect(after.open(record.sealed, record.accountId)).toBe(secrets[i]!.secret);
    }
    expect(() => after.open(records[0]!.sealed, records[0]!.accountId)).toThrow(
      expect.objectContaining({ code: 'unknown_key_id' }),
    );
  });

  it('leaves records already under the active key alone and reports bad ones without stopping', () => {
    const { rewrapped } = rotateAll(records.slice(0, 2), during);
    const foreign = createVault({ keys: new Map([['k7', randomBytes(32)]]), activeKeyId: 'k7' });
    const mixed = [
      ...rewrapped,
      { id: 100, accountId: 'acct-1', sealed: foreign.seal('x', 'acct-1') },
      { id: 101, accountId: 'acct-2', sealed: records[3]!.sealed },
      { id: 102, accountId: 'acct-1', sealed: 'not a record' },
      records[4]!,
    ];
    const report = rotateAll(mixed, during);
    expect(report.current).toBe(2);
    expect(report.failed).toEqual([
      { id: 100, code: 'unknown_key_id' },
      { id: 101, code: 'auth_failed' },
      { id: 102, code: 'malformed' },
    ]);
    expect(report.rewrapped.map((r) => r.id)).toEqual([4]);
  });

  it('streams the same outcomes from an async source', async () => {
    async function* pages() {
      yield* records.slice(0, 3);
    }
    const outcomes = [];
    for await (const outcome of rotateEach(pages(), during)) outcomes.push(outcome);
    expect(outcomes.map((o) => o.status)).toEqual(['rewrapped', 'rewrapped', 'rewrapped']);
  });

  it('rethrows errors that are not vault errors', () => {
    const broken = {
      id: 1,
      accountId: 'a',
      get sealed(): string {
        throw new RangeError('db row broken');
      },
    };
    expect(() => rotateAll([broken], during)).toThrow(RangeError);
  });
});

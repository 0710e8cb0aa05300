import { describe, expect, it } from 'vitest';
import { decoyHash, hashPassword, verifyPassword } from './password-hash.ts';

describe('password hashes', () => {
  it('are scrypt with N=2^15, r=8, p=1 and a fresh salt, and verify only the right password', async () => {
    const [a, b] = await Promise.all([hashPassword('a good passphrase'), hashPassword('a good passphrase')]);
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a good passphrase', a)).toBe(true);
    expect(await verifyPassword('a good passphrasE', a)).toBe(false);
    expect(await verifyPassword('a good passphrase', 'bcrypt$whatever')).toBe(false);
  });

  it('verify with the parameters stored in the hash', async () => {
    const hash = await hashPassword('a good passphrase');
    const weaker = hash.replace('scrypt$15$', 'scrypt$14$');
    expect(await verifyPassword('a good passphrase', weaker)).toBe(false);
  });

  it('has a decoy no password matches', async () => {
    expect(await verifyPassword('', await decoyHash())).toBe(false);
  });
});

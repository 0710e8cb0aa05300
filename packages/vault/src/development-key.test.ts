import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { developmentVaultKey, holdsDevelopmentKey } from './development-key.ts';

const dev = developmentVaultKey.toString('base64');

describe('holdsDevelopmentKey', () => {
  it('is the key docker-compose.yml falls back to', () => {
    expect(dev).toBe('ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE=');
  });

  it('finds the development key under any key id and in any position', () => {
    expect(holdsDevelopmentKey(`dev:${dev}`)).toBe(true);
    expect(holdsDevelopmentKey(`k2026a:${randomBytes(32).toString('base64')}, prod:${dev}`)).toBe(true);
  });

  it('accepts real keys and leaves malformed specs to the parser', () => {
    expect(holdsDevelopmentKey(`k1:${randomBytes(32).toString('base64')}`)).toBe(false);
    expect(holdsDevelopmentKey('k1:x,,:')).toBe(false);
  });
});

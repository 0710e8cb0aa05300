import { describe, expect, it } from 'vitest';
import { lockToken } from './drain-lock.ts';

describe('drain lock values', () => {
  it('are never the same twice, and name their holder first', () => {
    const holder = { instanceId: 'exec-1', aliveKey: (id: string) => `alive:${id}` };
    const tokens = Array.from({ length: 10_000 }, (_, i) => lockToken(i % 2 === 0 ? holder : undefined));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokens[0]).toMatch(/^exec-1#[0-9a-f]{24}\.[0-9a-z]+$/);
    expect(tokens[1]).toMatch(/^[0-9a-f]{24}\.[0-9a-z]+$/);
  });
});

import { describe, expect, it } from 'vitest';
import { queueNames } from './queues.ts';

describe('queue names', () => {
  it('are unique', () => {
    const names = Object.values(queueNames);
    expect(new Set(names).size).toBe(names.length);
  });
});

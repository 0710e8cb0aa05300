import { describe, expect, it } from 'vitest';
import { buildQuery } from './query-string.ts';

describe('buildQuery', () => {
  it('keeps key order, joins arrays and drops empty values', () => {
    expect(buildQuery({ product_ids: [1, 2], states: 'open', after: undefined, x: [] })).toBe(
      '?product_ids=1%2C2&states=open',
    );
    expect(buildQuery({})).toBe('');
  });
});

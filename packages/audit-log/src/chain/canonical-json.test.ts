import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('gives one text for objects that differ only in key order', () => {
    expect(canonicalJson({ x: 1, y: [1, 2], z: { q: 'a', p: 'b' } })).toBe(
      canonicalJson({ z: { p: 'b', q: 'a' }, y: [1, 2], x: 1 }),
    );
  });

  it('keeps array order, which is meaningful', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('drops undefined members and writes undefined array items as null, like JSON', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  it('escapes strings and keys as JSON does', () => {
    expect(canonicalJson({ 'k"\n': 'é\u0000"' })).toBe('{"k\\"\\n":"é\\u0000\\""}');
  });

  it('sorts keys by code unit, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, a: 3, _: 4 })).toBe('{"B":2,"_":4,"a":3,"b":1}');
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1n } as never)).toThrow(TypeError);
  });

  it('round-trips through JSON.parse', () => {
    const value = { size: 3, price: '65000.5', legs: [{ side: 'buy', reduceOnly: false }], none: null };
    expect(JSON.parse(canonicalJson(value))).toEqual(value);
  });
});

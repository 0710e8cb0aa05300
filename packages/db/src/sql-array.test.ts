import { describe, expect, it } from 'vitest';
import { sqlArray } from './sql-array.ts';

describe('sqlArray', () => {
  it('quotes every text, so NULL, empty and separators stay text', () => {
    expect(sqlArray(['a', '', 'NULL', 'x,y', '{z}', ' sp '])).toBe('{"a","","NULL","x,y","{z}"," sp "}');
  });

  it('escapes quotes and backslashes', () => {
    expect(sqlArray(['say "hi"', 'C:\\dir'])).toBe('{"say \\"hi\\"","C:\\\\dir"}');
  });

  it('writes nothing as NULL, numbers and booleans bare, times as ISO strings', () => {
    expect(sqlArray([null, undefined, 3, -1.5, 7n, true])).toBe('{NULL,NULL,3,-1.5,7,true}');
    expect(sqlArray([new Date('2026-11-30T07:00:00.123Z')])).toBe('{"2026-11-30T07:00:00.123Z"}');
    expect(sqlArray([])).toBe('{}');
  });

  it('refuses a value it has no text for', () => {
    expect(() => sqlArray([{ a: 1 }])).toThrow(TypeError);
  });
});

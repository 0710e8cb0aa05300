/** A JSON value as canonicalJson accepts it (undefined members are dropped, as JSON does). */
export type JsonInput =
  | string
  | number
  | boolean
  | null
  | undefined
  | readonly JsonInput[]
  | { readonly [key: string]: JsonInput };

/**
 * One text per value: object keys sorted by code unit, no whitespace, arrays in order. The hash chain
 * depends on it, so a payload read back from JSONB (which reorders keys) hashes as it did when written.
 */
export function canonicalJson(value: JsonInput): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
      return canonicalObject(value as { readonly [key: string]: JsonInput });
    default:
      throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  }
}

function canonicalObject(value: { readonly [key: string]: JsonInput }): string {
  const members = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
  return `{${members.join(',')}}`;
}

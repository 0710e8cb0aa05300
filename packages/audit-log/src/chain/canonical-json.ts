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
 * Written with plain loops and one string: it runs for every event recorded and every row verified.
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
      if (Array.isArray(value)) return canonicalArray(value as readonly JsonInput[]);
      return canonicalObject(value as { readonly [key: string]: JsonInput });
    default:
      throw new TypeError(`canonicalJson: ${typeof value} is not JSON`);
  }
}

function canonicalArray(value: readonly JsonInput[]): string {
  let text = '[';
  for (let i = 0; i < value.length; i += 1) {
    if (i > 0) text += ',';
    text += canonicalJson(value[i] ?? null);
  }
  return `${text}]`;
}

function canonicalObject(value: { readonly [key: string]: JsonInput }): string {
  // The default sort compares UTF-16 code units, which is the order the chain is defined with.
  const keys = Object.keys(value).sort();
  let text = '{';
  for (const key of keys) {
    const member = value[key];
    if (member === undefined) continue;
    if (text.length > 1) text += ',';
    text += `${JSON.stringify(key)}:${canonicalJson(member)}`;
  }
  return `${text}}`;
}

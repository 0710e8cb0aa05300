/**
 * A Postgres array literal (`{"a","b",NULL}`) for an array parameter cast to its element type, e.g.
 * `$1::uuid[]`. node-postgres would build the same text from a JS array, escaping every element with
 * two regular expressions and a call per element; a batch's statements carry tens of thousands of
 * elements, almost none with a character to escape. Times go as ISO strings, nothing as NULL.
 */
export function sqlArray(values: readonly unknown[]): string {
  let text = '{';
  for (let i = 0; i < values.length; i += 1) {
    if (i > 0) text += ',';
    text += element(values[i]);
  }
  return `${text}}`;
}

const needsEscape = /["\\]/;

function element(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(value);
    case 'string':
      return quoted(value);
    default:
      if (value instanceof Date) return quoted(value.toISOString());
      // Decimals and the like: their text (a plain object has none worth storing).
      if (typeof value === 'object' && value.toString !== Object.prototype.toString)
        return quoted(String(value));
      throw new TypeError(`sqlArray: cannot write a ${typeof value} as an array element`);
  }
}

/** Always quoted: an unquoted `NULL`, empty string or text with `,{} ` would read as something else. */
function quoted(text: string): string {
  return needsEscape.test(text) ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

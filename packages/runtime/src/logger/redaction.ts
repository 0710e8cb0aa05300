// Names of fields whose values are secret wherever they appear: in log objects, error objects,
// HTTP headers. Matched case-insensitively after removing '-' and '_'.
const secretKeys = new Set([
  'apisecret',
  'secret',
  'secretenvelope',
  'signature',
  'authorization',
  'apikey',
  'password',
  'token',
  'cookie',
  'vaultkeys',
  'masterkey',
  'datakey',
]);

export const redactedValue = '[redacted]';

export function isSecretKey(key: string): boolean {
  return secretKeys.has(key.toLowerCase().replaceAll(/[-_]/g, ''));
}

/** A copy of `value` with every secret-named field replaced, however deep (cycles are cut). */
export function scrub(value: unknown, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => scrub(item, seen));
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value))
    out[key] = isSecretKey(key) ? redactedValue : scrub(inner, seen);
  return out;
}

/** Error → plain object (type, message, stack, own fields, cause chain), with secrets scrubbed. */
export function serializeError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error)) return scrub(error);
  const own: Record<string, unknown> = {};
  for (const key of Object.keys(error)) {
    own[key] = isSecretKey(key) ? redactedValue : scrub((error as unknown as Record<string, unknown>)[key]);
  }
  return {
    type: error.name,
    message: error.message,
    stack: error.stack,
    ...own,
    ...(error.cause !== undefined && depth < 5 ? { cause: serializeError(error.cause, depth + 1) } : {}),
  };
}

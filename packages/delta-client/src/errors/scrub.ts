// Delta's error context is echoed back to callers and logs; strip anything that looks like
// a credential in case a server (or the simulator) reflects request material into it.
const secretKey = /signature|secret|api[-_]?key|prehash|password|token/i;
const hex64 = /^[0-9a-f]{64}$/i;

export function scrubContext(value: unknown, depth = 0): unknown {
  if (depth > 4) return '[truncated]';
  if (typeof value === 'string') return hex64.test(value) ? '[redacted]' : value;
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => scrubContext(item, depth + 1));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = secretKey.test(key) ? '[redacted]' : scrubContext(item, depth + 1);
    }
    return out;
  }
  return value;
}

/** A fresh Error holding only the name, code and message of a transport failure. */
export function safeCause(err: unknown): Error {
  if (!(err instanceof Error)) return new Error(String(err));
  const copy = new Error(err.message);
  copy.name = err.name;
  const code = transportCode(err);
  if (code !== undefined) Object.assign(copy, { code });
  return copy;
}

export function transportCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let i = 0; i < 3 && current instanceof Error; i++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = current.cause;
  }
  return undefined;
}

import type { Redis } from '@copytrade/runtime';

/** Every key matching `pattern` (SCAN, so Redis is never blocked by a KEYS). */
export async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return [...new Set(keys)];
}

/** The values of `keys`, by key (keys gone meanwhile are left out). */
export async function valuesOf(redis: Redis, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const values = await redis.mget(...keys);
  return new Map(keys.flatMap((key, i) => (values[i] == null ? [] : [[key, values[i]!] as const])));
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * Builds `?a=1&b=x,y` (or '' when empty). The same text is sent and signed, so the
 * order of keys is the caller's order and arrays are comma-joined as Delta expects.
 */
export function buildQuery(params: Record<string, QueryValue> | undefined): string {
  if (params === undefined) return '';
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : String(value);
    if (Array.isArray(value) && value.length === 0) continue;
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(text)}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

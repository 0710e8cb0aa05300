/** JSON from Redis that another process wrote: undefined when it does not parse (the caller's schema decides the rest). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

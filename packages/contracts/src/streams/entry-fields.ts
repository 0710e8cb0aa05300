import { z } from 'zod';

/** W3C trace context headers (`traceparent`, `tracestate`) of the span that wrote an entry. */
const traceCarrier = z.record(z.string(), z.string());

export type StreamEntryOf<T> =
  | { ok: true; value: T; trace?: Record<string, string> }
  | { ok: false; error: string };

/**
 * A stream entry's fields (`[name, value, …]` as XREADGROUP returns them) checked: `field` holds the
 * JSON `schema` describes, `trace` the writer's trace context. A trace context that does not parse
 * costs the trace, not the entry.
 */
export function parseStreamEntry<T>(
  fields: readonly string[],
  field: string,
  schema: z.ZodType<T>,
): StreamEntryOf<T> {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const raw = values.get(field);
  if (raw === undefined) return { ok: false, error: `no ${field} field` };
  const parsed = schema.safeParse(parseJson(raw));
  if (!parsed.success) return { ok: false, error: `invalid ${field}: ${z.prettifyError(parsed.error)}` };
  const rawTrace = values.get('trace');
  const trace = rawTrace === undefined ? undefined : traceCarrier.safeParse(parseJson(rawTrace));
  return trace?.success
    ? { ok: true, value: parsed.data, trace: trace.data }
    : { ok: true, value: parsed.data };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

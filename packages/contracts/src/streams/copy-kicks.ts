import { z } from 'zod';
import { copyOrderJob } from '../jobs/copy-order.ts';

/**
 * mapper → executor through the kick stream (`redisKeys.copyKicks`): one follower's kick, written by
 * the target step in the same atomic call that queues its legs, so a decision's legs are never left
 * unkicked. `closes`: its legs close or reduce, and go ahead of the opens read beside them.
 */
export const copyKickEntry = copyOrderJob.extend({ closes: z.boolean() });

export type CopyKickEntry = z.infer<typeof copyKickEntry>;

/** The executors' consumer group on the kick stream: each entry goes to one executor. */
export const copyKickGroup = 'executors';

/** W3C trace context headers (`traceparent`, `tracestate`) of the decision that wrote the kick. */
const traceCarrier = z.record(z.string(), z.string());

export type KickStreamEntry =
  | { ok: true; kick: CopyKickEntry; trace?: Record<string, string> }
  | { ok: false; error: string };

/** A kick stream entry's fields (`[name, value, …]` as XREADGROUP returns them), checked. */
export function parseKickStreamEntry(fields: readonly string[]): KickStreamEntry {
  const values = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) values.set(fields[i]!, fields[i + 1]!);
  const kick = values.get('kick');
  if (kick === undefined) return { ok: false, error: 'no kick field' };
  const parsed = copyKickEntry.safeParse(parseJson(kick));
  if (!parsed.success) return { ok: false, error: `invalid kick: ${z.prettifyError(parsed.error)}` };
  const rawTrace = values.get('trace');
  // A trace context that does not parse costs the trace, not the kick.
  const trace = rawTrace === undefined ? undefined : traceCarrier.safeParse(parseJson(rawTrace));
  return trace?.success
    ? { ok: true, kick: parsed.data, trace: trace.data }
    : { ok: true, kick: parsed.data };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

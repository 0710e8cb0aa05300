import { z } from 'zod';
import { copyOrderJob } from '../jobs/copy-order.ts';
import { parseStreamEntry, type StreamEntryOf } from './entry-fields.ts';

/**
 * mapper → executor through the kick stream (`redisKeys.copyKicks`): one follower's kick, written by
 * the target step in the same atomic call that queues its legs, so a decision's legs are never left
 * unkicked. `closes`: its legs close or reduce, and go ahead of the opens read beside them.
 */
export const copyKickEntry = copyOrderJob.extend({ closes: z.boolean() });

export type CopyKickEntry = z.infer<typeof copyKickEntry>;

/** The executors' consumer group on the kick stream: each entry goes to one executor. */
export const copyKickGroup = 'executors';

/** A kick stream entry's fields (`[name, value, …]` as XREADGROUP returns them), checked. */
export function parseKickStreamEntry(fields: readonly string[]): StreamEntryOf<CopyKickEntry> {
  return parseStreamEntry(fields, 'kick', copyKickEntry);
}

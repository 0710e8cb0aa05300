import { createHash } from 'node:crypto';
import { canonicalJson, type JsonInput } from './canonical-json.ts';

/** The prevHash of the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit row the chain covers (the row's `seq` and `created_at` are not covered). */
export interface ChainEntry {
  eventId: string;
  type: string;
  /** ISO-8601 with milliseconds, as `Date#toISOString` writes it (what the timestamptz column returns). */
  occurredAt: string;
  correlationId: string | null;
  accountId: string | null;
  payload: JsonInput;
}

/** hash = sha256hex(prevHash + "\n" + canonicalJson({ eventId, type, occurredAt, correlationId, accountId, payload })) */
export function chainHash(prevHash: string, entry: ChainEntry): string {
  const body = canonicalJson({
    eventId: entry.eventId,
    type: entry.type,
    occurredAt: entry.occurredAt,
    correlationId: entry.correlationId,
    accountId: entry.accountId,
    payload: entry.payload,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

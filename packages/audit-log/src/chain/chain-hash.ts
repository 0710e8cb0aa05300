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
  const payloadJson = entry.payload === undefined ? undefined : canonicalJson(entry.payload);
  return chainHashOf(prevHash, entry, payloadJson);
}

/**
 * `chainHash` with the payload already in canonical JSON (`undefined`: no payload member), so the
 * append serialises each payload once, for the hash and for the row.
 */
export function chainHashOf(
  prevHash: string,
  entry: Omit<ChainEntry, 'payload'>,
  payloadJson: string | undefined,
): string {
  return createHash('sha256')
    .update(`${prevHash}\n${chainBody(entry, payloadJson)}`)
    .digest('hex');
}

/**
 * canonicalJson of the entry, its members written in their sorted order (accountId, correlationId,
 * eventId, occurredAt, payload, type) and undefined ones left out, as canonicalJson would.
 */
export function chainBody(entry: Omit<ChainEntry, 'payload'>, payloadJson: string | undefined): string {
  let text = '{';
  const member = (key: string, json: string | undefined) => {
    if (json === undefined) return;
    if (text.length > 1) text += ',';
    text += `"${key}":${json}`;
  };
  const scalar = (value: string | null | undefined) =>
    value === undefined ? undefined : canonicalJson(value);
  member('accountId', scalar(entry.accountId));
  member('correlationId', scalar(entry.correlationId));
  member('eventId', scalar(entry.eventId));
  member('occurredAt', scalar(entry.occurredAt));
  member('payload', payloadJson);
  member('type', scalar(entry.type));
  return `${text}}`;
}

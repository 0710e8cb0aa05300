import { z } from 'zod';
import { uuid } from '../../primitives.ts';

/** Rows per page: 1..200, 50 when not given. */
export const pageLimit = z.coerce.number().int().min(1).max(200).default(50);

/** An ISO time with its offset, as a Date: `from` is inclusive, `to` exclusive. */
export const queryTime = z.iso.datetime({ offset: true }).transform((text) => new Date(text));

/** A row id that PostgreSQL keeps as a bigint (master_fills.id, audit_log.seq): digits, in range. */
export const bigintId = z
  .string()
  // `abort`: zod would run the next check even after this one failed, and BigInt throws on non-digits.
  .regex(/^\d{1,19}$/, { message: 'must be a whole number', abort: true })
  .refine((text) => BigInt(text) <= 9223372036854775807n, 'out of range');

/** Where a page of rows ordered by (time, id) newest first ends. */
export interface TimeIdKey {
  at: Date;
  id: string;
}

/** Where a page of rows ordered by a bigint id newest first ends. */
export interface SeqKey {
  seq: string;
}

const timeIdTuple = z.tuple([z.iso.datetime(), uuid]);
const seqTuple = z.tuple([bigintId]);

// The cursor is opaque to callers: base64url of the JSON of the last row's sort key.
function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decoded<T extends z.ZodType>(tuple: T) {
  return z
    .string()
    .max(200)
    .transform((text, ctx): z.infer<T> => {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
      } catch {
        json = undefined;
      }
      const parsed = tuple.safeParse(json);
      if (!parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'not a cursor this list gave out' });
        return z.NEVER;
      }
      return parsed.data;
    });
}

export const timeIdCursor = decoded(timeIdTuple).transform(
  ([at, id]): TimeIdKey => ({ at: new Date(at), id }),
);
export const seqCursor = decoded(seqTuple).transform(([seq]): SeqKey => ({ seq }));

export function encodeTimeIdCursor(key: TimeIdKey): string {
  return encode([key.at.toISOString(), key.id]);
}

export function encodeSeqCursor(key: SeqKey): string {
  return encode([key.seq]);
}

/** `nextCursor` is null on the last page. */
export const nextCursor = z.string().nullable();

/** A status or state filter: a lowercase word such as `pending` or `in_sync`. */
export const recordStatus = z
  .string()
  .max(40)
  .regex(/^[a-z_]+$/, 'must be a status such as pending');

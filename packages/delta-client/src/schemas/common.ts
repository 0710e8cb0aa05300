import { z } from 'zod';

const decimalPattern = /^-?\d+(\.\d+)?$/;

/** Money and prices stay decimal strings; Delta sends most as strings, a few (ticker `close`) as numbers. */
export const decimalSchema = z
  .union([z.string(), z.number().finite()])
  .transform((value) => (typeof value === 'number' ? String(value) : value))
  .pipe(z.string().regex(decimalPattern, 'expected a decimal'));

/** Contract counts are integers (positions are signed). */
export const contractsSchema = z
  .union([z.number(), z.string().regex(/^-?\d+$/)])
  .transform((value) => Number(value))
  .pipe(z.number().int());

/** Ids are kept as strings whatever Delta sends (numbers for orders and fills, strings elsewhere). */
export const idSchema = z
  .union([z.string().min(1), z.number().int().nonnegative()])
  .transform((value) => String(value));

const isoPattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:?\d{2})$/;

function isoToMicros(text: string): number | undefined {
  const match = isoPattern.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const fraction = (match[2] ?? '').padEnd(6, '0').slice(0, 6);
  return ms * 1000 + Number(fraction);
}

/** Timestamps in microseconds since the epoch: numbers, digit strings, or ISO-8601 text. */
export const microsSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const micros = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : isoToMicros(value);
  if (micros === undefined || !Number.isSafeInteger(micros)) {
    ctx.addIssue({ code: 'custom', message: 'expected a timestamp in microseconds' });
    return z.NEVER;
  }
  return micros;
});

export const sideSchema = z.enum(['buy', 'sell']);
export type Side = z.infer<typeof sideSchema>;

import { z } from 'zod';

/** A decimal number as text ("65000.5"): money and prices never travel as floats. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string such as "65000.5"');

/** Whole contracts. */
export const contracts = z.number().int();
export const positiveContracts = z.number().int().positive();
export const side = z.enum(['buy', 'sell']);
export const uuid = z.uuid();
/** Microseconds since the epoch, as Delta stamps fills. */
export const epochMicros = z.number().int().nonnegative();
export const epochMillis = z.number().int().nonnegative();
export const symbol = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[A-Z0-9_-]+$/, 'must be an exchange symbol such as BTCUSD');
export const clientOrderId = z
  .string()
  .min(1)
  .max(32)
  .regex(/^[A-Za-z0-9_-]+$/);

export type Side = z.infer<typeof side>;

/** Base64url text (padding allowed) that decodes to exactly `length` bytes: Web Push and VAPID keys. */
export function base64urlBytes(length: number, what: string) {
  return z
    .string()
    .regex(/^[A-Za-z0-9_-]+={0,2}$/, 'must be base64url')
    .refine((text) => Buffer.from(text, 'base64url').length === length, `must be ${what} (${length} bytes)`);
}

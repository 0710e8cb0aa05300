import { z } from 'zod';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal string');
const positiveDecimal = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a positive decimal string')
  .refine((v) => Number(v) > 0, 'must be positive');

export const createAccountSchema = z
  .object({
    label: z.string().min(1).max(64).optional(),
    balances: z.record(z.string().min(1), positiveDecimal.or(z.literal('0'))).optional(),
  })
  .strict();

export const createApiKeySchema = z
  .object({
    permissions: z
      .array(z.enum(['read', 'trading']))
      .min(1)
      .optional(),
    ipWhitelist: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const fundSchema = z.object({ asset: z.string().min(1), amount: decimal }).strict();

export const markPriceSchema = z.object({ price: positiveDecimal }).strict();

export const priceWalkSchema = z
  .object({
    symbols: z.array(z.string().min(1)).min(1).optional(),
    intervalMs: z.number().int().min(1).max(60_000).default(1000),
    stepBps: z.number().min(0).max(1000).default(5),
  })
  .strict();

export const matchingSchema = z
  .object({
    slippageBps: z.number().min(0).max(1000).optional(),
    limitFillChunk: z.number().int().positive().nullable().optional(),
    marketFillParts: z.number().int().min(1).max(50).optional(),
    partStepBps: z.number().min(0).max(100).optional(),
    restFillsLagMs: z.number().int().min(0).max(600_000).optional(),
    clientOrderIdLookup: z.enum(['any', 'open']).optional(),
  })
  .strict();

export const rateLimitSchema = z
  .object({ quota: z.number().int().positive().optional(), windowMs: z.number().int().positive().optional() })
  .strict();

export const timelineSchema = z
  .object({ recording: z.boolean().optional(), clear: z.boolean().optional() })
  .strict();

export const timelineQuerySchema = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
  })
  .strict();

export type CreateAccountInput = z.input<typeof createAccountSchema>;
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export type PriceWalkInput = z.input<typeof priceWalkSchema>;
export type MatchingInput = z.input<typeof matchingSchema>;
export type RateLimitInput = z.input<typeof rateLimitSchema>;
export type TimelineInput = z.input<typeof timelineSchema>;
export type TimelineQuery = z.input<typeof timelineQuerySchema>;

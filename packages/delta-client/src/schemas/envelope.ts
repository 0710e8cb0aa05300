import { z } from 'zod';

/** `{"success": true, "result": ..., "meta": {"after": ..., "before": ...}}` */
export const successEnvelopeSchema = z.object({
  success: z.literal(true),
  result: z.unknown(),
  meta: z
    .object({
      after: z.string().nullish(),
      before: z.string().nullish(),
    })
    .nullish(),
});

/**
 * `{"success": false, "error": {"code": "...", "context": {...}}}`; some auth failures use the
 * older `{"error": "SignatureExpired", "message": "..."}` shape, so both are read.
 */
export const errorEnvelopeSchema = z.object({
  success: z.literal(false).optional(),
  error: z.union([
    z.object({
      code: z.string(),
      context: z.record(z.string(), z.unknown()).nullish(),
      message: z.string().nullish(),
    }),
    z.string(),
  ]),
  message: z.string().nullish(),
});

export interface ParsedErrorBody {
  code: string | undefined;
  context: Record<string, unknown> | undefined;
  message: string | undefined;
}

export function parseErrorBody(body: unknown): ParsedErrorBody | undefined {
  const parsed = errorEnvelopeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const { error, message } = parsed.data;
  if (typeof error === 'string') return { code: error, context: undefined, message: message ?? undefined };
  return {
    code: error.code,
    context: error.context ?? undefined,
    message: error.message ?? message ?? undefined,
  };
}

import type { z } from 'zod';
import { invalidResponse } from './invalid-response.ts';

/** Validates a response `result` before use; a mismatch becomes an `invalid_response` DeltaError. */
export function parseResult<S extends z.ZodType>(
  schema: S,
  result: unknown,
  method: string,
  path: string,
): z.output<S> {
  const parsed = schema.safeParse(result);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw invalidResponse(method, path, 200, detail);
}

import type { z } from 'zod';
import { badSchema, DeltaError } from '../../engine/errors.ts';

/** Validates a body or query with zod; failures become Delta's `bad_schema` with schema_errors. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new DeltaError(400, 'bad_schema', {
    schema_errors: parsed.error.issues.map((issue) => ({
      code: 'validation_error',
      message: issue.message,
      param: issue.path.join('.'),
    })),
  });
}

/** Comma-separated integer list (`product_ids=27,3136`), or null when absent. */
export function idList(query: URLSearchParams, name: string): Set<number> | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const ids = raw.split(',').map((v) => Number(v.trim()));
  if (ids.some((n) => !Number.isInteger(n)))
    throw badSchema(`${name} must be a comma-separated list of ids`, name);
  return new Set(ids);
}

export function stringList(query: URLSearchParams, name: string): Set<string> | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  return new Set(raw.split(',').map((v) => v.trim()));
}

export function intParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw badSchema(`${name} must be a number`, name);
  return Math.trunc(n);
}

import { z } from 'zod';

/** `limit` and the `nextCursor` of the previous page; lists come newest first. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'must be a nextCursor from a previous page')
    .optional(),
};

/** Null on the last page. */
export const nextCursor = z.string().nullable();

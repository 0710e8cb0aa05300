import { z } from 'zod';

/** Every error the gateway answers with. `issues` names each field a 400 refused. */
export const apiError = z
  .object({
    error: z.string().describe('machine-readable code, e.g. bad_request, unauthorized, not_found'),
    message: z.string(),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'ApiError' });

export type ApiError = z.infer<typeof apiError>;

/** Response schemas of the error statuses a route can answer with. */
export const errorResponses = {
  400: apiError,
  401: apiError,
  403: apiError,
  404: apiError,
  409: apiError,
  429: apiError,
  500: apiError,
} as const;

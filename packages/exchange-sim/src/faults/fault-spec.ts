import { z } from 'zod';

/** Where a fault applies: one account, one route (`'POST /v2/orders'`), and/or only N times. */
export const faultScopeSchema = z
  .object({
    userId: z.number().int().positive().optional(),
    route: z
      .string()
      .regex(/^(GET|POST|PUT|DELETE) \/\S*$/, "route looks like 'POST /v2/orders'")
      .optional(),
    count: z.number().int().positive().optional(),
  })
  .strict();

const scope = { scope: faultScopeSchema.optional() };

export const faultSpecSchema = z.discriminatedUnion('kind', [
  /** Delays matching requests by ms + uniform(0, jitterMs). */
  z
    .object({
      kind: z.literal('latency'),
      ms: z.number().int().min(0).max(600_000),
      jitterMs: z.number().int().min(0).default(0),
      ...scope,
    })
    .strict(),
  /**
   * Answers with a 5xx at `rate`. 503 is refused before processing; 500/502 are answered after the
   * request was applied (an unknown outcome) unless `processed: false`.
   */
  z
    .object({
      kind: z.literal('http_error'),
      status: z.union([z.literal(500), z.literal(502), z.literal(503)]),
      rate: z.number().min(0).max(1).default(1),
      processed: z.boolean().optional(),
      ...scope,
    })
    .strict(),
  /**
   * Holds matching requests unprocessed until the fault is cleared, then processes them (auth at that
   * moment) and answers those whose client still waits; a stopping simulator drops them.
   */
  z.object({ kind: z.literal('hang'), ...scope }).strict(),
  /** Applies the request, then destroys the socket instead of answering, at `rate`. */
  z
    .object({ kind: z.literal('drop_response'), rate: z.number().min(0).max(1).default(1), ...scope })
    .strict(),
  /** Closes the WebSocket connections in scope once, at injection. */
  z.object({ kind: z.literal('ws_disconnect'), ...scope }).strict(),
  /** Skips the next `events` v2/user_trades messages while `se` still advances. */
  z.object({ kind: z.literal('ws_gap'), events: z.number().int().positive(), ...scope }).strict(),
  /** Answers 429 to every request in scope for `durationMs`. */
  z
    .object({ kind: z.literal('rate_limit_storm'), durationMs: z.number().int().positive(), ...scope })
    .strict(),
  /** Shifts the server clock (server_time, signature window, timestamps) by offsetMs. */
  z.object({ kind: z.literal('clock_offset'), offsetMs: z.number().int() }).strict(),
]);

export type FaultSpec = z.input<typeof faultSpecSchema>;
export type ParsedFaultSpec = z.output<typeof faultSpecSchema>;
export type FaultScope = z.output<typeof faultScopeSchema>;

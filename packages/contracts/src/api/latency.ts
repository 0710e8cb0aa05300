import { z } from 'zod';
import { uuid } from '../primitives.ts';

/** The copy-latency window a client may ask for, in minutes. */
export const latencyMaxMinutes = 60;
/** The most points one answer carries (the newest); `truncated` says when there were more. */
export const latencyMaxPoints = 5_000;

export const latencyQuery = z.strictObject({
  minutes: z.coerce.number().int().min(1).max(latencyMaxMinutes).default(10),
});
export type LatencyQuery = z.infer<typeof latencyQuery>;

/** One copy's latency: master fill detected → follower order accepted, at the copy's time. */
export const latencyPoint = z.object({
  at: z.iso.datetime(),
  latencyMs: z.number().int().nonnegative(),
  followerAccountId: uuid,
  /** The copy's order (as order.accepted names it), so a page adding live events counts it once. */
  clientOrderId: z.string(),
});
export type LatencyPoint = z.infer<typeof latencyPoint>;

/** The copies of the last `minutes` (a client's: its own followers'), oldest first. */
export const latencySeries = z
  .object({
    minutes: z.number().int(),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    points: z.array(latencyPoint),
    truncated: z.boolean(),
  })
  .meta({ id: 'LatencySeries' });
export type LatencySeries = z.infer<typeof latencySeries>;

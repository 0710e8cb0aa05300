import { z } from 'zod';
import { auditPayloads } from '../events/audit-event.ts';

/**
 * One audit event as the live stream sends it (SSE `data`, or a WebSocket message): its place in
 * the audit chain (`seq`, also the SSE id) and the event.
 */
export const liveEvent = z
  .object({
    seq: z.number().int().positive(),
    eventId: z.string(),
    type: z.enum(
      Object.keys(auditPayloads) as [keyof typeof auditPayloads, ...(keyof typeof auditPayloads)[]],
    ),
    occurredAt: z.iso.datetime(),
    correlationId: z.string().nullable(),
    accountId: z.string().nullable(),
    payload: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'LiveEvent' });
export type LiveEvent = z.infer<typeof liveEvent>;

/** The SSE `resumed` event: the stream resumed after `afterSeq` and replayed `replayed` stored events. */
export const liveResumed = z
  .object({ afterSeq: z.number().int().nonnegative(), replayed: z.number().int().nonnegative() })
  .meta({ id: 'LiveResumed' });
export type LiveResumed = z.infer<typeof liveResumed>;

/** The SSE `recent` event: a new stream sent the `replayed` newest stored events before the live ones. */
export const liveRecent = z.object({ replayed: z.number().int().nonnegative() }).meta({ id: 'LiveRecent' });
export type LiveRecent = z.infer<typeof liveRecent>;

export const liveEventsQuery = z.strictObject({
  /** Resume after this seq (WebSocket clients, which cannot send `Last-Event-ID`). */
  lastEventId: z.coerce.number().int().nonnegative().optional(),
  /** A stream that does not resume starts with the newest this many stored events (a page's recent past). */
  recent: z.coerce.number().int().min(1).max(500).optional(),
});
export const liveEventsHeaders = z.object({
  'last-event-id': z.coerce.number().int().nonnegative().optional(),
});

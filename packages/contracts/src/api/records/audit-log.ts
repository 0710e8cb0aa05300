import { z } from 'zod';
import { uuid } from '../../primitives.ts';
import { nextCursor, pageLimit, queryTime, seqCursor } from './pagination.ts';

/** A row of the hash-chained audit trail; its payload as stored (payloads never hold secrets). */
export const auditEntry = z
  .object({
    seq: z.string().describe('position in the chain (a bigint, as text)'),
    eventId: z.string(),
    type: z.string(),
    correlationId: z.string().nullable(),
    accountId: z.string().nullable(),
    occurredAt: z.iso.datetime(),
    payload: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'AuditEntry' });
export type AuditEntry = z.infer<typeof auditEntry>;

export const auditLogQuery = z.strictObject({
  type: z
    .string()
    .max(100)
    .regex(/^[a-z_.]+$/, 'must be an event type such as order.accepted')
    .optional(),
  correlationId: z.string().min(1).max(200).optional(),
  accountId: uuid.optional(),
  from: queryTime.optional(),
  to: queryTime.optional(),
  limit: pageLimit,
  cursor: seqCursor.optional(),
});
export type AuditLogQuery = z.infer<typeof auditLogQuery>;

export const auditLogPage = z.object({ entries: z.array(auditEntry), nextCursor });

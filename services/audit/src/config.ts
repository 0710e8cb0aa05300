import { baseEnvSchema } from '@copytrade/runtime';
import { z } from 'zod';

export const auditEnvSchema = baseEnvSchema.extend({
  /**
   * Audit jobs processed at once by this replica. Appends are serialised by a database lock anyway,
   * so more only overlaps validation and publishing. @defaultValue 1
   */
  AUDIT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
});

export type AuditConfig = z.infer<typeof auditEnvSchema>;

import { baseEnvSchema } from '@copytrade/runtime';
import { z } from 'zod';
import { checkpointKey } from './chain/checkpoint-key.ts';

export const auditEnvSchema = baseEnvSchema
  .extend({
    /**
     * Audit jobs processed at once by this replica. Appends are serialised by a database lock anyway,
     * so more only overlaps validation and publishing. @defaultValue 1
     */
    AUDIT_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
    /** Signs the chain's checkpoints; required in production. @defaultValue a public development key */
    AUDIT_CHECKPOINT_KEY: z.string().min(32).optional(),
    /** How often the chain's head is checkpointed (when it moved). @defaultValue 5000 */
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(5_000),
  })
  .superRefine((env, ctx) => {
    try {
      checkpointKey(env);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['AUDIT_CHECKPOINT_KEY'], message: (error as Error).message });
    }
  });

export type AuditConfig = z.infer<typeof auditEnvSchema>;

import { checkpointKey } from '@copytrade/audit-log';
import { baseEnvSchema } from '@copytrade/runtime';
import { z } from 'zod';

export const auditEnvSchema = baseEnvSchema
  .extend({
    /**
     * Audit jobs this replica holds at once. Their events wait together for the next append
     * transaction (group commit); a few batches' worth lets the next batches gather while one
     * commits. Producers put many events in a job, so 32 jobs fill batches; more only held jobs in
     * memory while a burst of copies passed (1,000 did: +30-40 MB at a 1,000-follower fan-out; 64,
     * +5 MB over 32 for no faster catch-up), fewer caught up slower (16: 12 %).
     * @defaultValue 32
     */
    AUDIT_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
    /**
     * Events appended by one transaction at most: bounds a batch's time under the chain's lock (what
     * another replica waits), its memory and its statements' size. A backlog (the audit catching up
     * after a burst) fills every batch: 500 write a copy's projection rows fewer times and cost
     * PostgreSQL 10-13 % less per copy than 250; 1,000 saved a little more for +10 MB. @defaultValue 500
     */
    AUDIT_BATCH_MAX: z.coerce.number().int().min(1).max(5_000).default(500),
    /**
     * How long the first event to arrive while no append runs waits for more before its transaction
     * (0: none). @defaultValue 20
     */
    AUDIT_LINGER_MS: z.coerce.number().int().min(0).max(1_000).default(20),
    /**
     * While copies are under way (the mapper and the executor mark them), appends wait for them to
     * pass, up to this long per burst, so a fan-out's orders get the cores and PostgreSQL first; then
     * the batches go through until the copies stop (0: never wait). @defaultValue 2000
     */
    COPY_PATH_DEFER_MAX_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
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

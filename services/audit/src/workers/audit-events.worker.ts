import type { AppendResult } from '@copytrade/audit-log';
import { type AuditEvent, auditEvent } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { copyAttributes, copySpans, withSpan } from '@copytrade/telemetry';
import { type Processor, UnrecoverableError } from 'bullmq';
import type { GroupCommit } from '../batch/group-commit.ts';
import type { AuditMetrics } from '../metrics/audit-metrics.ts';

export interface AuditWorkerDeps {
  /** Appends events many per transaction (the audit log's `recordEvents`). */
  appender: GroupCommit<AuditEvent, AppendResult>;
  metrics: AuditMetrics;
  logger: Logger;
}

/**
 * Validates the job as an audit event and hands it to the group commit; the job completes once the
 * batch holding its event committed, and fails (to be retried) when the event could not be.
 * An invalid event fails for good (it stays in the failed set for inspection); its log line names
 * the fields and problems, never their values.
 */
export function auditEventsProcessor(deps: AuditWorkerDeps): Processor<unknown, AppendResult> {
  return async (job) => {
    const parsed = auditEvent.safeParse(job.data);
    if (!parsed.success) {
      deps.metrics.invalid();
      const problems = parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`,
      );
      deps.logger.error({ jobId: job.id, problems }, 'invalid audit event refused');
      throw new UnrecoverableError(`invalid audit event: ${problems.join('; ')}`);
    }
    // zod infers the union loosely; the schema is the one AuditEvent is defined by.
    const event = parsed.data as AuditEvent;
    // The span covers the wait for the batch and its commit: when the event is recorded.
    const result = await withSpan(copySpans.auditRecord, { [copyAttributes.eventType]: event.type }, () =>
      deps.appender.submit(event),
    );
    deps.logger.debug(
      { eventId: event.eventId, type: event.type, correlationId: event.correlationId, stored: result.stored },
      'audit event recorded',
    );
    return result;
  };
}

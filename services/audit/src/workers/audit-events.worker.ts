import { type AuditEvent, auditEvent } from '@copytrade/contracts';
import type { Logger } from '@copytrade/runtime';
import { copyAttributes, copySpans, withSpan } from '@copytrade/telemetry';
import { type Processor, UnrecoverableError } from 'bullmq';
import type { AppendResult } from '../chain/append-event.ts';
import { type RecordDeps, recordEvent } from '../handlers/record-event.ts';

export interface AuditWorkerDeps extends RecordDeps {
  logger: Logger;
}

/**
 * Validates the job as an audit event and records it. An invalid event fails for good (it stays in
 * the failed set for inspection); its log line names the fields and problems, never their values.
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
    const result = await withSpan(copySpans.auditRecord, { [copyAttributes.eventType]: event.type }, () =>
      recordEvent(deps, event),
    );
    deps.logger.debug(
      { eventId: event.eventId, type: event.type, correlationId: event.correlationId, stored: result.stored },
      'audit event recorded',
    );
    return result;
  };
}

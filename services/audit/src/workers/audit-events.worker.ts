import type { AppendResult } from '@copytrade/audit-log';
import { type AuditEvent, auditEvent } from '@copytrade/contracts';
import { eventsOfJob, type GroupCommit, type Logger, traceOfEvent } from '@copytrade/runtime';
import {
  copyAttributes,
  copySpans,
  type TraceCarrier,
  withSpan,
  withTraceContext,
} from '@copytrade/telemetry';
import { type Processor, UnrecoverableError } from 'bullmq';
import type { AuditMetrics } from '../metrics/audit-metrics.ts';

export interface AuditWorkerDeps {
  /** Appends events many per transaction (the audit log's `recordEvents`). */
  appender: GroupCommit<AuditEvent, AppendResult>;
  metrics: AuditMetrics;
  logger: Logger;
}

/**
 * What a job completes with (kept by BullMQ as its return value): counts, not each event's place in
 * the chain, which the log and the live events already carry (it would be serialised into Redis per job).
 */
export interface AuditJobResult {
  stored: number;
  duplicate: number;
}

/**
 * Validates each event of the job (a producer's batch, or one bare event) and hands the valid ones to
 * the group commit; the job completes once they are committed, and fails (to be retried; the log
 * stores an event once) when one could not be. An invalid event is refused for good: the job fails
 * unrecoverably after the valid ones are recorded (it stays in the failed set for inspection); its
 * log line names the fields and problems, never their values.
 */
export function auditEventsProcessor(deps: AuditWorkerDeps): Processor<unknown, AuditJobResult> {
  return async (job) => {
    const valid: { event: AuditEvent; trace: TraceCarrier | undefined }[] = [];
    const refused: string[] = [];
    for (const [index, item] of eventsOfJob(job.data).entries()) {
      const parsed = auditEvent.safeParse(item);
      // zod infers the union loosely; the schema is the one AuditEvent is defined by.
      if (parsed.success)
        valid.push({ event: parsed.data as AuditEvent, trace: traceOfEvent(job.data, index) });
      else {
        deps.metrics.invalid();
        const problems = parsed.error.issues.map(
          (issue) => `${issue.path.join('.') || '(root)'}: ${issue.code}`,
        );
        deps.logger.error({ jobId: job.id, index, problems }, 'invalid audit event refused');
        refused.push(`event ${index}: ${problems.join('; ')}`);
      }
    }
    const results = await Promise.all(
      valid.map(({ event, trace }) =>
        // In the trace the event was published in; the span covers the wait for the batch and its commit.
        withTraceContext(trace, () =>
          withSpan(copySpans.auditRecord, { [copyAttributes.eventType]: event.type }, () =>
            deps.appender.submit(event),
          ),
        ),
      ),
    );
    deps.logger.debug({ jobId: job.id, events: valid.length }, 'audit events recorded');
    if (refused.length > 0) throw new UnrecoverableError(`invalid audit event: ${refused.join(' | ')}`);
    const stored = results.filter((result) => result.stored).length;
    return { stored, duplicate: results.length - stored };
  };
}

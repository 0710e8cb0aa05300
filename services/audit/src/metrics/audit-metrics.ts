import type { RecordMetrics } from '@copytrade/audit-log';
import type { Metrics } from '@copytrade/runtime';

/** What the audit log counts as it records, and the jobs refused before it. */
export interface AuditMetrics extends RecordMetrics {
  invalid(): void;
  /** A batch held back while copies were under way (COPY_PATH_DEFER_MAX_MS). */
  deferred(seconds: number): void;
}

export function createAuditMetrics(metrics: Metrics): AuditMetrics {
  const events = metrics.counter('copytrade_audit_events_total', 'Audit events by type and outcome', [
    'type',
    'outcome',
  ]);
  const invalid = metrics.counter(
    'copytrade_audit_invalid_events_total',
    'Audit jobs refused because their data is not a valid audit event',
  );
  const append = metrics.histogram(
    'copytrade_audit_append_seconds',
    'One append transaction (a batch of events) to the hash chain with its projections, lock wait included',
  );
  const batchSize = metrics.histogram(
    'copytrade_audit_batch_size',
    'Events appended by one transaction',
    [],
    [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500],
  );
  const deferred = metrics.histogram(
    'copytrade_audit_deferred_seconds',
    'How long a batch of events waited for a burst of copies to pass before its append',
  );
  return {
    event: (type, outcome) => events.inc({ type, outcome }),
    invalid: () => invalid.inc(),
    deferred: (seconds) => deferred.observe(seconds),
    batch: (size, seconds) => {
      append.observe(seconds);
      batchSize.observe(size);
    },
  };
}

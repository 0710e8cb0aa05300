import type { Metrics } from '@copytrade/runtime';

export interface AuditMetrics {
  /** An event appended (`stored`) or found already in the log (`duplicate`). */
  event(type: string, outcome: 'stored' | 'duplicate'): void;
  invalid(): void;
  /** One append transaction of `size` events, lock wait included. */
  batch(size: number, seconds: number): void;
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
  return {
    event: (type, outcome) => events.inc({ type, outcome }),
    invalid: () => invalid.inc(),
    batch: (size, seconds) => {
      append.observe(seconds);
      batchSize.observe(size);
    },
  };
}

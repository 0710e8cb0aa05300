import type { Metrics } from '@copytrade/runtime';

export interface AuditMetrics {
  /** An event appended (`stored`) or found already in the log (`duplicate`). */
  event(type: string, outcome: 'stored' | 'duplicate'): void;
  invalid(): void;
  /** One append transaction, lock wait included. */
  appendSeconds(seconds: number): void;
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
    'One append to the hash chain with its projections (lock wait included)',
  );
  return {
    event: (type, outcome) => events.inc({ type, outcome }),
    invalid: () => invalid.inc(),
    appendSeconds: (seconds) => append.observe(seconds),
  };
}

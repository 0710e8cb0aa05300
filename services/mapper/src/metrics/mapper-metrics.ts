import type { Metrics } from '@copytrade/runtime';
import type { Counter, Histogram } from 'prom-client';

export type DecisionOutcome = 'decided' | 'skipped' | 'stale' | 'failed';

export interface MapperMetrics {
  /** Per follower: decided / skipped (with the reason) / stale / failed. */
  decisions: Counter<string>;
  /** One master fill → every follower's target applied and kicked. */
  fanOutSeconds: Histogram<string>;
}

export function createMapperMetrics(metrics: Metrics): MapperMetrics {
  return {
    decisions: metrics.counter('copytrade_mapper_decisions_total', 'Copy decisions per follower', [
      'outcome',
      'reason',
    ]),
    fanOutSeconds: metrics.histogram(
      'copytrade_mapper_fanout_seconds',
      'Time to map one master fill to all its followers',
      ['outcome'],
    ),
  };
}

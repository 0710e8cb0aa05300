import type { Logger } from '@copytrade/runtime';
import type { AuditSink } from '../audit/audit-sink.ts';
import type { BrokerBreakers } from '../broker/broker-breakers.ts';
import type { IntentStore } from '../intents/intent-store.ts';
import type { ExecutorMetrics } from '../metrics/executor-metrics.ts';

export interface LegDeps {
  intents: IntentStore;
  breakers: BrokerBreakers;
  audit: AuditSink;
  metrics: ExecutorMetrics;
  logger: Logger;
  /** Resends within one attempt after an unknown outcome proven absent by lookup. @defaultValue 3 */
  maxResends?: number;
  /**
   * After an unknown outcome, the order counts as absent (and is resent) only this long after its
   * signature expired. @defaultValue 1000
   */
  resendMarginMs?: number;
  /** @defaultValue Date.now */
  now?: () => number;
  /** Waits between lookups of an order in doubt. @defaultValue a timer */
  sleep?: (ms: number) => Promise<void>;
}

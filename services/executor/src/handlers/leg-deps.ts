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
  /** @defaultValue Date.now */
  now?: () => number;
}

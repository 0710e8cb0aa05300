import type { AccountDirectory } from '@copytrade/accounts';
import type { AuditEvent, MasterFillJob, ReconcileJob, RedisKeys } from '@copytrade/contracts';
import type { EventPublisher, Logger, Redis } from '@copytrade/runtime';
import type { Queue } from 'bullmq';
import type { Counter } from 'prom-client';
import type { ProductIndex } from '../products/product-index.ts';
import type { ListenerScripts } from '../scripts/load-scripts.ts';
import type { ListenerStore } from '../store/listener-store.ts';

/** What the listener's handlers share; built once by `start()`. */
export interface ListenerDeps {
  /** Fills per REST page. */
  gapFillPageSize: number;
  /** How long (by fill time) the seen-fills record in Redis remembers a fill. */
  seenFillsHorizonMs: number;
  /** The listener's SQL: cursors, fill rows, the masters to watch. */
  store: ListenerStore;
  redis: Redis;
  scripts: ListenerScripts;
  keys: RedisKeys;
  masterFills: Queue<MasterFillJob>;
  /** Exit-sync's queue: a gap-fill that found missed fills has the master's followers reconciled. */
  reconcile: Pick<Queue<ReconcileJob>, 'add'>;
  audit: EventPublisher<AuditEvent>;
  accounts: AccountDirectory;
  products: ProductIndex;
  logger: Logger;
  metrics: { fills: Counter<string>; coveredFills: Counter<string>; gapFills: Counter<string> };
}

import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { AccountDirectory } from '@copytrade/accounts';
import {
  type AuditEvent,
  type MasterFillJob,
  type ReconcileJob,
  queueNames,
  redisKeys,
} from '@copytrade/contracts';
import { createSqlPool, sqlDatabase } from '@copytrade/db/sql';
import { createEventPublisher, createServiceKit, type Logger } from '@copytrade/runtime';
import { createVault, parseMasterKeys } from '@copytrade/vault';
import type { ListenerConfig } from './config.ts';
import { monitorProcessor } from './workers/monitor.worker.ts';
import type { ListenerDeps } from './handlers/listener-deps.ts';
import { MasterLeases } from './leases/master-leases.ts';
import { MasterSupervisor } from './masters/master-supervisor.ts';
import { ProductIndex } from './products/product-index.ts';
import { loadScripts } from './scripts/load-scripts.ts';
import { createListenerStore } from './store/listener-store.ts';

export { listenerEnvSchema, type ListenerConfig } from './config.ts';

export interface Listener {
  replicaId: string;
  healthPort: number;
  supervisor: MasterSupervisor;
  /** The operator's "monitor now": a REST gap-fill of one master (if this replica watches it). */
  monitorNow(masterAccountId: string): Promise<number | null>;
  /** Graceful stop. `releaseLeases: false` imitates a crash, for takeover tests. */
  stop(options?: { releaseLeases: boolean }): Promise<void>;
}

export async function start(config: ListenerConfig, logger: Logger): Promise<Listener> {
  const replicaId = config.LISTENER_REPLICA_ID ?? `${hostname()}-${randomBytes(3).toString('hex')}`;
  const log = logger.child({ replicaId });
  // A fill being applied or queued waits out a Redis blip on a worker connection instead of failing.
  const kit = await createServiceKit({ name: 'listener', config, logger: log, redisRole: 'worker' });
  const { redis, metrics } = kit;
  // Plain SQL for every statement (cursors, fill rows, masters, accounts): the listener loads no Prisma.
  const sql = kit.database(
    sqlDatabase(createSqlPool({ databaseUrl: config.DATABASE_URL, poolSize: 4 })),
  ).pool;
  const vault = createVault(parseMasterKeys(config.VAULT_KEYS, config.VAULT_ACTIVE_KEY_ID));
  const accounts = new AccountDirectory({ sql, vault, logger: log });
  kit.onStop('account directory', () => accounts.close());
  const masterFills = kit.queue<MasterFillJob>(queueNames.masterFills, { watch: true });
  const auditQueue = kit.queue<AuditEvent>(queueNames.auditEvents);
  const reconcile = kit.queue<ReconcileJob>(queueNames.reconcile);
  const scripts = loadScripts(redis);
  const keys = redisKeys(config.QUEUE_PREFIX);
  const deps: ListenerDeps = {
    gapFillPageSize: config.GAP_FILL_PAGE_SIZE,
    seenFillsHorizonMs: config.SEEN_FILLS_HORIZON_MS,
    store: createListenerStore(sql),
    redis,
    scripts,
    keys,
    masterFills,
    reconcile,
    audit: createEventPublisher<AuditEvent>(auditQueue, { lingerMs: config.EVENT_LINGER_MS }),
    accounts,
    products: new ProductIndex(accounts),
    logger: log,
    metrics: {
      fills: metrics.counter('copytrade_master_fills_total', 'Master fills applied', ['source', 'resynced']),
      coveredFills: metrics.counter(
        'copytrade_master_fills_covered_total',
        'Master fills found older than a position the exchange reported: recorded, not applied',
        ['source'],
      ),
      gapFills: metrics.counter(
        'copytrade_gap_filled_fills_total',
        'Master fills first found by REST gap-fill',
      ),
    },
  };
  const leases = new MasterLeases(redis, scripts, keys, replicaId, config.LEASE_TTL_MS);
  const supervisor = new MasterSupervisor(deps, leases, {
    gapFillIntervalMs: config.GAP_FILL_INTERVAL_MS,
    heartbeatTimeoutMs: config.WS_HEARTBEAT_TIMEOUT_MS,
    renewMs: config.LEASE_RENEW_MS,
  });
  // `stop({ releaseLeases: false })` imitates a crash: the leases are left to lapse.
  let releaseLeases = true;
  kit.onStop('master supervisor', () => supervisor.stop({ releaseLeases }), 'intake');
  // Audit events still lingering go out before the queues close.
  kit.onStop('audit flush', () => deps.audit.flush());
  kit.worker(queueNames.monitor, monitorProcessor(deps, supervisor), { concurrency: 2 });
  const running = await kit.serve();
  await supervisor.start();
  return {
    replicaId,
    healthPort: running.healthPort,
    supervisor,
    async monitorNow(masterAccountId) {
      const watcher = supervisor.watcher(masterAccountId);
      return watcher ? watcher.gapFillNow() : null;
    },
    async stop(options = { releaseLeases: true }) {
      releaseLeases = options.releaseLeases;
      await running.stop();
    },
  };
}

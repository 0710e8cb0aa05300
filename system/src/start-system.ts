import { auditEnvSchema, start as startAudit } from '@copytrade/audit';
import { executorEnvSchema, start as startExecutor } from '@copytrade/executor';
import { type ExitSync, exitSyncEnvSchema, start as startExitSync } from '@copytrade/exit-sync';
import { gatewayEnvSchema, type RunningGateway, start as startGateway } from '@copytrade/gateway';
import { type Listener, listenerEnvSchema, start as startListener } from '@copytrade/listener';
import { mapperEnvSchema, start as startMapper } from '@copytrade/mapper';
import { notifierEnvSchema, type RunningNotifier, start as startNotifier } from '@copytrade/notifier';
import { type Logger, loadConfig } from '@copytrade/runtime';

export interface SystemOptions {
  redisUrl: string;
  databaseUrl: string;
  /** Queue and key prefix of this run (one per test file). */
  prefix: string;
  vaultKeys: string;
  vaultActiveKeyId: string;
  logger: Logger;
  /** Listener replicas to start. @defaultValue 1 */
  listenerReplicas?: number;
  /** Extra environment for every service (e.g. faster lease timings in tests). */
  env?: Record<string, string>;
  /** Start exit-sync, which reconciles followers with the exchange on a timer. @defaultValue true */
  exitSync?: boolean;
  /** Start the gateway (its own variables come in `env`: EXCHANGE_VENUES, GATEWAY_PORT…). @defaultValue false */
  gateway?: boolean;
  /** Start the notifier (webhooks from the audit log; its variables come in `env`). @defaultValue false */
  notifier?: boolean;
}

export interface System {
  listeners: Listener[];
  /** The gateway, when started. */
  gateway: RunningGateway | undefined;
  /** The notifier, when started. */
  notifier: RunningNotifier | undefined;
  /** Starts one more listener replica (takeover tests). */
  addListener(replicaId: string): Promise<Listener>;
  stop(): Promise<void>;
}

/**
 * The whole platform in one process: audit, executor, mapper, exit-sync and listener, each through its own
 * `start()` exactly as its `main.ts` runs it, consumers first so nothing waits on a missing reader.
 */
export async function startSystem(options: SystemOptions): Promise<System> {
  const env = {
    REDIS_URL: options.redisUrl,
    DATABASE_URL: options.databaseUrl,
    QUEUE_PREFIX: options.prefix,
    VAULT_KEYS: options.vaultKeys,
    VAULT_ACTIVE_KEY_ID: options.vaultActiveKeyId,
    HEALTH_PORT: '0',
    ...options.env,
  };
  // The host logger already names a `service`; in one process each service is a `component` of it.
  const log = (component: string) => options.logger.child({ component });
  const audit = await startAudit(loadConfig(auditEnvSchema, env), log('audit'));
  const executor = await startExecutor(loadConfig(executorEnvSchema, env), log('executor'));
  const mapper = await startMapper(loadConfig(mapperEnvSchema, env), log('mapper'));
  const notifier = options.notifier
    ? await startNotifier(loadConfig(notifierEnvSchema, env), log('notifier'))
    : undefined;
  const exitSync: ExitSync | undefined =
    options.exitSync === false
      ? undefined
      : await startExitSync(loadConfig(exitSyncEnvSchema, env), log('exit-sync'));
  const listeners: Listener[] = [];
  const addListener = async (replicaId: string) => {
    const config = loadConfig(listenerEnvSchema, { ...env, LISTENER_REPLICA_ID: replicaId });
    const listener = await startListener(config, log('listener'));
    listeners.push(listener);
    return listener;
  };
  for (let i = 0; i < (options.listenerReplicas ?? 1); i += 1) await addListener(`listener-${i + 1}`);
  const gateway = options.gateway
    ? await startGateway(loadConfig(gatewayEnvSchema, env), log('gateway'))
    : undefined;
  return {
    listeners,
    gateway,
    notifier,
    addListener,
    async stop() {
      // Producers first, so the consumers can finish what is already queued.
      await gateway?.stop();
      for (const listener of listeners.splice(0)) await listener.stop();
      await exitSync?.stop();
      await mapper.stop();
      await executor.stop();
      // The notifier's own audit events (deliveries) go out before audit stops.
      await notifier?.stop();
      await audit.stop();
    },
  };
}

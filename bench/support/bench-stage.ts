import { startSimProcess, control } from './sim-process.ts';
import { TimelineReader } from './timeline-reader.ts';

/**
 * The environment every service process of a benchmark runs with: the deployed defaults otherwise
 * (the listener's lease refresh, which also finds new masters, at its 2 s: at 200 ms it added five
 * Redis scripts, a PostgreSQL query and a wake-up a second to what a copy was measured beside).
 */
export function serviceEnv(o: {
  redisUrl: string;
  databaseUrl: string;
  prefix: string;
  keysSpec: string;
  activeKeyId: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    REDIS_URL: o.redisUrl,
    DATABASE_URL: o.databaseUrl,
    QUEUE_PREFIX: o.prefix,
    VAULT_KEYS: o.keysSpec,
    VAULT_ACTIVE_KEY_ID: o.activeKeyId,
    LOG_LEVEL: 'warn',
    HEALTH_PORT: '0',
  };
}

/**
 * The simulator in its own process, BTCUSD marked at 60,000, its own rate limit out of the way (it
 * would cap a sustained run long before our pipeline does), and a reader of its timeline.
 */
export async function startBenchSimulator(nodeArgs: string[] = []) {
  const sim = await startSimProcess(false, { nodeArgs });
  await control(sim.url, 'PUT', '/rate-limit', { quota: 1_000_000_000 });
  await control(sim.url, 'PUT', '/mark-prices/BTCUSD', { price: '60000' });
  const reader = new TimelineReader(sim.url);
  await reader.start();
  return { sim, reader };
}

import type { BreakerState, BrokerBreakerRecord } from '@copytrade/contracts';
import type { Logger, Redis } from '@copytrade/runtime';

export interface BreakerRecordOptions {
  redis: Redis;
  /** `redisKeys(prefix).brokerBreakers()`. */
  key: string;
  /** This executor process (its heartbeat's id). */
  instanceId: string;
  logger: Logger;
}

/**
 * Records each change of a host's circuit in Redis for the gateway's status. Fire and forget: the
 * breaker's event must not wait on Redis, and a lost write only makes the status stale (logged).
 */
export function breakerRecorder(options: BreakerRecordOptions): (host: string, state: BreakerState) => void {
  const { redis, key, instanceId, logger } = options;
  return (host, state) => {
    const record: BrokerBreakerRecord = { state, at: new Date().toISOString(), instanceId };
    redis
      .hset(key, host, JSON.stringify(record))
      .catch((error: unknown) => logger.warn({ err: error, host, state }, 'breaker state not recorded'));
  };
}

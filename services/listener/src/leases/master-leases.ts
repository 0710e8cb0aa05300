import type { RedisKeys } from '@copytrade/contracts';
import type { Redis } from '@copytrade/runtime';
import type { ListenerScripts } from '../scripts/load-scripts.ts';

/**
 * Each master is watched by exactly one listener replica: the holder of a Redis lease that it
 * renews well inside the TTL. A replica that dies stops renewing; another takes the master over.
 */
export class MasterLeases {
  readonly #redis: Redis;
  readonly #scripts: ListenerScripts;
  readonly #keys: RedisKeys;
  readonly #holder: string;
  readonly #ttlMs: number;

  constructor(redis: Redis, scripts: ListenerScripts, keys: RedisKeys, holder: string, ttlMs: number) {
    this.#redis = redis;
    this.#scripts = scripts;
    this.#keys = keys;
    this.#holder = holder;
    this.#ttlMs = ttlMs;
  }

  async acquire(masterAccountId: string): Promise<boolean> {
    const key = this.#keys.masterLease(masterAccountId);
    return (await this.#redis.set(key, this.#holder, 'PX', this.#ttlMs, 'NX')) === 'OK';
  }

  async renew(masterAccountId: string): Promise<boolean> {
    return this.#scripts.renewLease(this.#keys.masterLease(masterAccountId), this.#holder, this.#ttlMs);
  }

  async release(masterAccountId: string): Promise<void> {
    await this.#scripts.releaseLease(this.#keys.masterLease(masterAccountId), this.#holder);
  }
}

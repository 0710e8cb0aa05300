export interface TtlCacheOptions {
  /** A value younger than this is served as is. */
  ttlMs: number;
  /**
   * A value older than `ttlMs` but younger than this is still served, at once, while one reload runs
   * in the background: the reader never waits on the exchange for a value it has seen lately.
   * @defaultValue `ttlMs` (no stale serving: an expired value is reloaded before it is served)
   */
  maxStaleMs?: number;
  /**
   * Where a stale value's background reload runs: at once by default, or later (the mapper holds
   * them while the copy path is busy). Readers get the stale value meanwhile, until `maxStaleMs`.
   */
  scheduleReload?: (reload: () => Promise<void>) => void;
}

interface Entry<V> {
  value: Promise<V>;
  at: number;
  /** The background reload of a stale value, while it runs. */
  reloading?: Promise<void>;
}

/**
 * Promise cache with a time limit: concurrent readers of one key share one request, and a failed
 * request is forgotten at once so the next reader tries again. Past its time limit a value may be
 * served stale while it reloads in the background (stale-while-revalidate); a failed background
 * reload keeps the stale value until `maxStaleMs`.
 */
export class TtlCache<V> {
  readonly #ttlMs: number;
  readonly #maxStaleMs: number;
  readonly #scheduleReload: ((reload: () => Promise<void>) => void) | undefined;
  readonly #entries = new Map<string, Entry<V>>();

  constructor(options: number | TtlCacheOptions) {
    const {
      ttlMs,
      maxStaleMs = ttlMs,
      scheduleReload,
    } = typeof options === 'number' ? { ttlMs: options } : options;
    this.#ttlMs = ttlMs;
    this.#maxStaleMs = Math.max(maxStaleMs, ttlMs);
    this.#scheduleReload = scheduleReload;
  }

  get(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.#entries.get(key);
    const age = hit ? Date.now() - hit.at : Number.POSITIVE_INFINITY;
    if (hit && age < this.#ttlMs) return hit.value;
    if (hit && age < this.#maxStaleMs) {
      hit.reloading ??= this.#scheduled(key, hit, load);
      return hit.value;
    }
    return this.#load(key, load);
  }

  /** What `get` would serve now without loading anything: undefined when absent or past `maxStaleMs`. */
  peek(key: string): Promise<V> | undefined {
    const hit = this.#entries.get(key);
    return hit && Date.now() - hit.at < this.#maxStaleMs ? hit.value : undefined;
  }

  clear(): void {
    this.#entries.clear();
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  #load(key: string, load: () => Promise<V>): Promise<V> {
    const value = load();
    const entry: Entry<V> = { value, at: Date.now() };
    this.#entries.set(key, entry);
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  #scheduled(key: string, stale: Entry<V>, load: () => Promise<V>): Promise<void> {
    const schedule = this.#scheduleReload;
    if (schedule === undefined) return this.#reload(key, stale, load);
    return new Promise<void>((done) => schedule(() => this.#reload(key, stale, load).finally(done)));
  }

  async #reload(key: string, stale: Entry<V>, load: () => Promise<V>): Promise<void> {
    try {
      // Replaced while the reload waited its turn (cleared, or loaded afresh past maxStaleMs).
      if (this.#entries.get(key) !== stale) return;
      const fresh = await load();
      // A clear() or a newer load while this one ran wins.
      if (this.#entries.get(key) === stale)
        this.#entries.set(key, { value: Promise.resolve(fresh), at: Date.now() });
    } catch {
      // The stale value stays until maxStaleMs; the next reader past the time limit tries again.
    } finally {
      stale.reloading = undefined;
    }
  }
}

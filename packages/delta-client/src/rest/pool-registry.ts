import { Pool } from 'undici';

interface Entry {
  pool: Pool;
  refs: number;
}

// One keep-alive pool per origin, shared by every client (one per account key) that talks to it.
const registry = new Map<string, Entry>();

export interface PoolLease {
  readonly pool: Pool;
  /** Drops this client's reference; the pool closes when the last one is released. */
  release(): Promise<void>;
}

export function acquirePool(origin: string): PoolLease {
  let entry = registry.get(origin);
  if (entry === undefined) {
    entry = { pool: new Pool(origin, { connections: 64, pipelining: 1, keepAliveTimeout: 30_000 }), refs: 0 };
    registry.set(origin, entry);
  }
  entry.refs += 1;
  const held = entry;
  let released = false;
  return {
    pool: held.pool,
    async release() {
      if (released) return;
      released = true;
      held.refs -= 1;
      if (held.refs > 0) return;
      if (registry.get(origin) === held) registry.delete(origin);
      await held.pool.close();
    },
  };
}

/** How many clients share the pool for `origin` (for tests and diagnostics). */
export function poolRefs(origin: string): number {
  return registry.get(origin)?.refs ?? 0;
}

import { Pool } from 'undici';
import { ClockSync, type ClockSyncOptions } from './clock-sync.ts';

interface SharedClock {
  sync: ClockSync;
  /** How each open client reads the server time; any one of them will do. */
  readers: Set<() => Promise<number>>;
}

interface Entry {
  pool: Pool;
  refs: number;
  clock?: SharedClock;
}

// One keep-alive pool per origin, shared by every client (one per account key) that talks to it.
const registry = new Map<string, Entry>();

export interface PoolLease {
  readonly pool: Pool;
  /**
   * The origin's clock offset, shared by every client of it on the local clock: the offset is the
   * host's, not the key's, so a thousand follower clients sync once, not a thousand times a minute
   * (Delta counts unauthenticated requests against the IP's quota). `readServerMicros` reads the
   * server time through this client while it is open.
   */
  sharedClock(
    readServerMicros: () => Promise<number>,
    options: Omit<ClockSyncOptions, 'fetchServerMicros' | 'clock'>,
  ): ClockSync;
  /** Drops this client's reference; the pool (and its clock timer) stops when the last one is released. */
  release(): Promise<void>;
}

/** Keep-alive connections per origin unless a client asks for another number. */
export const DEFAULT_CONNECTIONS = 64;

/** The pool for `origin` with `connections` sockets: clients asking for the same size share it. */
export function acquirePool(origin: string, connections = DEFAULT_CONNECTIONS): PoolLease {
  const key = `${origin} ${connections}`;
  let entry = registry.get(key);
  if (entry === undefined) {
    entry = { pool: new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 }), refs: 0 };
    registry.set(key, entry);
  }
  entry.refs += 1;
  const held = entry;
  let released = false;
  let reader: (() => Promise<number>) | undefined;
  return {
    pool: held.pool,
    sharedClock(readServerMicros, options) {
      reader = readServerMicros;
      if (held.clock === undefined) {
        const readers = new Set<() => Promise<number>>();
        const sync = new ClockSync({
          ...options,
          clock: Date.now,
          fetchServerMicros: () => {
            const [any] = readers;
            return any === undefined
              ? Promise.reject(new Error('no open client to read the server time'))
              : any();
          },
        });
        held.clock = { sync, readers };
      }
      held.clock.readers.add(reader);
      return held.clock.sync;
    },
    async release() {
      if (released) return;
      released = true;
      if (reader !== undefined) held.clock?.readers.delete(reader);
      held.refs -= 1;
      if (held.refs > 0) return;
      held.clock?.sync.stop();
      if (registry.get(key) === held) registry.delete(key);
      await held.pool.close();
    },
  };
}

/** How many clients share the pool for `origin` of that size (for tests and diagnostics). */
export function poolRefs(origin: string, connections = DEFAULT_CONNECTIONS): number {
  return registry.get(`${origin} ${connections}`)?.refs ?? 0;
}

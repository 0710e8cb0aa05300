import type { ListenerDeps } from '../handlers/listener-deps.ts';
import type { MasterLeases } from '../leases/master-leases.ts';
import { MasterWatcher, type WatcherOptions } from './master-watcher.ts';

/**
 * Keeps this replica's share of the masters: renews the leases it holds, stops watching masters
 * whose lease it lost or that are no longer active, and takes any active master nobody holds
 * (a new one, or one whose replica died — its cursor makes the takeover gap-fill what was missed).
 *
 * A refresh never waits for a watcher to start or stop: those take REST calls and socket
 * handshakes (seconds, with a slow exchange, times the number of masters), and a renewal held up
 * behind them would let leases lapse and masters flap between replicas. Watchers start and stop in
 * the background; a lease is renewed from the moment it is taken, while its watcher starts.
 */
export class MasterSupervisor {
  readonly #deps: ListenerDeps;
  readonly #leases: MasterLeases;
  readonly #options: WatcherOptions & { renewMs: number };
  readonly #watchers = new Map<string, MasterWatcher>();
  /** Watchers starting or stopping in the background, awaited by `stop()`. */
  readonly #transitions = new Set<Promise<void>>();
  readonly #stopping = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;

  constructor(deps: ListenerDeps, leases: MasterLeases, options: WatcherOptions & { renewMs: number }) {
    this.#deps = deps;
    this.#leases = leases;
    this.#options = options;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      // One refresh at a time; a tick that finds one running is skipped, never queued behind it.
      if (this.#tick) return;
      this.#tick = this.refresh()
        .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'lease refresh failed'))
        .finally(() => {
          this.#tick = undefined;
        });
    }, this.#options.renewMs);
  }

  /** Masters this replica watches (their watchers have started). */
  watched(): string[] {
    return [...this.#watchers].filter(([, watcher]) => watcher.watching).map(([id]) => id);
  }

  /** Masters this replica holds the lease of, watched or still starting. */
  leased(): string[] {
    return [...this.#watchers.keys()];
  }

  watcher(masterAccountId: string): MasterWatcher | undefined {
    return this.#watchers.get(masterAccountId);
  }

  async refresh(): Promise<void> {
    // Renewals first and all at once: they must not wait for the database or for each other.
    const held = [...this.#watchers];
    const renewed = await Promise.all(
      held.map(([id]) =>
        this.#leases.renew(id).catch((error: unknown) => {
          // Not known to be lost: keep watching; the lease expires on its own if Redis stays away.
          this.#deps.logger.warn({ err: error, masterAccountId: id }, 'lease renewal failed');
          return true;
        }),
      ),
    );
    held.forEach(([id, watcher], i) => {
      if (!renewed[i]) this.#drop(id, watcher, false);
    });
    const active = new Set(await this.#deps.store.activeMasters());
    for (const [id, watcher] of this.#watchers) {
      if (!active.has(id)) this.#drop(id, watcher, true);
    }
    for (const id of active) {
      // A master whose previous watcher is still stopping is taken again on a later refresh.
      if (this.#watchers.has(id) || this.#stopping.has(id) || !(await this.#leases.acquire(id))) continue;
      const watcher = new MasterWatcher(this.#deps, id, this.#options);
      this.#watchers.set(id, watcher);
      this.#background(this.#startWatcher(id, watcher));
    }
  }

  /** Stops every watcher. `releaseLeases: false` imitates a crash (leases simply expire). */
  async stop(options: { releaseLeases: boolean } = { releaseLeases: true }): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
    const watchers = [...this.#watchers];
    this.#watchers.clear();
    await Promise.all(
      watchers.map(async ([id, watcher]) => {
        await watcher.stop();
        if (options.releaseLeases) await this.#leases.release(id);
      }),
    );
    while (this.#transitions.size > 0) await Promise.all(this.#transitions);
  }

  async #startWatcher(id: string, watcher: MasterWatcher): Promise<void> {
    try {
      await watcher.start();
    } catch (error) {
      // Let go, so the next refresh (here or on another replica) tries again.
      this.#deps.logger.error({ err: error, masterAccountId: id }, 'master watch failed to start');
      if (this.#watchers.get(id) === watcher) this.#drop(id, watcher, true);
    }
  }

  /** Stops watching a master in the background; releases its lease when it is still ours to give. */
  #drop(id: string, watcher: MasterWatcher, release: boolean): void {
    this.#watchers.delete(id);
    this.#stopping.add(id);
    this.#background(
      (async () => {
        try {
          await watcher.stop();
          if (release) await this.#leases.release(id);
          this.#deps.logger.info({ masterAccountId: id }, 'stopped watching master');
        } finally {
          this.#stopping.delete(id);
        }
      })(),
    );
  }

  #background(transition: Promise<void>): void {
    const tracked = transition
      .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'master watcher transition failed'))
      .finally(() => this.#transitions.delete(tracked));
    this.#transitions.add(tracked);
  }
}

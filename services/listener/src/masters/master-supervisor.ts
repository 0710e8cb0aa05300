import type { ListenerDeps } from '../handlers/listener-deps.ts';
import type { MasterLeases } from '../leases/master-leases.ts';
import { MasterWatcher, type WatcherOptions } from './master-watcher.ts';

/**
 * Keeps this replica's share of the masters: renews the leases it holds, stops watching masters
 * whose lease it lost or that are no longer active, and takes any active master nobody holds
 * (a new one, or one whose replica died — its cursor makes the takeover gap-fill what was missed).
 */
export class MasterSupervisor {
  readonly #deps: ListenerDeps;
  readonly #leases: MasterLeases;
  readonly #options: WatcherOptions & { renewMs: number };
  readonly #watchers = new Map<string, MasterWatcher>();
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> = Promise.resolve();

  constructor(deps: ListenerDeps, leases: MasterLeases, options: WatcherOptions & { renewMs: number }) {
    this.#deps = deps;
    this.#leases = leases;
    this.#options = options;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#timer = setInterval(() => {
      this.#tick = this.#tick
        .then(() => this.refresh())
        .catch((error: unknown) => this.#deps.logger.error({ err: error }, 'lease refresh failed'));
    }, this.#options.renewMs);
  }

  watched(): string[] {
    return [...this.#watchers.keys()];
  }

  watcher(masterAccountId: string): MasterWatcher | undefined {
    return this.#watchers.get(masterAccountId);
  }

  async refresh(): Promise<void> {
    const active = new Set(
      (
        await this.#deps.db.brokerAccount.findMany({
          where: { role: 'master', status: 'active' },
          select: { id: true },
        })
      ).map((a) => a.id),
    );
    for (const [id, watcher] of this.#watchers) {
      if (!active.has(id) || !(await this.#leases.renew(id))) {
        this.#watchers.delete(id);
        await watcher.stop();
        if (!active.has(id)) await this.#leases.release(id);
        this.#deps.logger.info({ masterAccountId: id }, 'stopped watching master');
      }
    }
    for (const id of active) {
      if (this.#watchers.has(id) || !(await this.#leases.acquire(id))) continue;
      const watcher = new MasterWatcher(this.#deps, id, this.#options);
      this.#watchers.set(id, watcher);
      try {
        await watcher.start();
      } catch (error) {
        // Let go, so the next refresh (here or on another replica) tries again.
        this.#deps.logger.error({ err: error, masterAccountId: id }, 'master watch failed to start');
        this.#watchers.delete(id);
        await watcher.stop();
        await this.#leases.release(id);
      }
    }
  }

  /** Stops every watcher. `releaseLeases: false` imitates a crash (leases simply expire). */
  async stop(options: { releaseLeases: boolean } = { releaseLeases: true }): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick.catch(() => undefined);
    for (const [id, watcher] of this.#watchers) {
      await watcher.stop();
      if (options.releaseLeases) await this.#leases.release(id);
    }
    this.#watchers.clear();
  }
}

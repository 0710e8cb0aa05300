import type { LegOutcome } from '../handlers/settle-leg.ts';

/**
 * The drains under way in this executor process, by their lock token, with what each has settled so
 * far. A kick that finds its outbox locked by one of them waits (up to `EXECUTOR_COVERED_WAIT_MS`)
 * until that drain has settled the kick's own legs, and answers with their outcomes; should the drain
 * end first, the kick starts a drain of its own as usual. Nothing is skipped: the kick's legs were in
 * the outbox before the kick was sent, and a drain gives up the lock only in the step that finds the
 * outbox empty. A kick that found the outbox busy used to become a job of its own polling the lock
 * every 20-30 ms; under a sustained load a third of the kicks did, at two to four more queue steps
 * each (issue 19).
 */
export class RunningDrains {
  readonly #drains = new Map<string, RunningDrain>();

  /** A drain took the lock under `token`; `outcomes` is where it records each leg it settles. */
  started(token: string, outcomes: ReadonlyMap<string, LegOutcome>): void {
    this.#drains.set(token, { outcomes, waiters: new Set() });
  }

  /** The drain under `token` has just recorded this leg's outcome. */
  settled(token: string, clientOrderId: string): void {
    const drain = this.#drains.get(token);
    if (!drain) return;
    for (const waiter of drain.waiters) {
      if (!waiter.pending.delete(clientOrderId) || waiter.pending.size > 0) continue;
      drain.waiters.delete(waiter);
      waiter.resolve(drain.outcomes);
    }
  }

  ended(token: string): void {
    const drain = this.#drains.get(token);
    this.#drains.delete(token);
    for (const waiter of drain?.waiters ?? []) waiter.resolve(undefined);
  }

  isRunning(token: string): boolean {
    return this.#drains.has(token);
  }

  /**
   * The outcomes of these legs once the drain under `token` has settled them all; undefined if it
   * ends (or has ended) before.
   */
  settledBy(
    token: string,
    clientOrderIds: readonly string[],
  ): Promise<ReadonlyMap<string, LegOutcome> | undefined> {
    const drain = this.#drains.get(token);
    if (!drain) return Promise.resolve(undefined);
    const pending = new Set(clientOrderIds.filter((cid) => !drain.outcomes.has(cid)));
    if (pending.size === 0) return Promise.resolve(drain.outcomes);
    return new Promise((resolve) => drain.waiters.add({ pending, resolve }));
  }
}

interface RunningDrain {
  outcomes: ReadonlyMap<string, LegOutcome>;
  waiters: Set<{
    pending: Set<string>;
    resolve: (outcomes: ReadonlyMap<string, LegOutcome> | undefined) => void;
  }>;
}

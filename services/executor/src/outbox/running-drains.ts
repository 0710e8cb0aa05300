import type { LegOutcome } from '../handlers/settle-leg.ts';

/** What a covered kick learns: its legs' outcomes, that the drain ended first, or that it stalled. */
export type Coverage = ReadonlyMap<string, LegOutcome> | 'ended' | 'stalled';

/**
 * The drains under way in this executor process, by their lock token, with what each has settled so
 * far. A kick that finds its outbox locked by one of them waits until that drain has settled the
 * kick's own legs, and answers with their outcomes; should the drain end first, the kick starts a
 * drain of its own as usual, and should it settle nothing for `EXECUTOR_COVERED_WAIT_MS` (a slow
 * order), the kick waits in a job of its own as a busy one always did. Nothing is skipped: the kick's
 * legs were in the outbox before the kick was sent, and a drain gives up the lock only in the step
 * that finds the outbox empty. A kick that found the outbox busy used to become a job of its own
 * polling the lock every 20-30 ms; under a sustained load a third of the kicks did (issue 19).
 */
export class RunningDrains {
  readonly #drains = new Map<string, RunningDrain>();

  /** A drain took the lock under `token`; `outcomes` is where it records each leg it settles. */
  started(token: string, outcomes: ReadonlyMap<string, LegOutcome>): void {
    this.#drains.set(token, { outcomes, waiters: new Set(), lastProgressMs: Date.now() });
  }

  /** The drain under `token` has just recorded this leg's outcome. */
  settled(token: string, clientOrderId: string): void {
    const drain = this.#drains.get(token);
    if (!drain) return;
    drain.lastProgressMs = Date.now();
    for (const waiter of drain.waiters)
      if (waiter.pending.delete(clientOrderId) && waiter.pending.size === 0) waiter.answer(drain.outcomes);
  }

  ended(token: string): void {
    const drain = this.#drains.get(token);
    this.#drains.delete(token);
    for (const waiter of drain?.waiters ?? []) waiter.answer('ended');
  }

  isRunning(token: string): boolean {
    return this.#drains.has(token);
  }

  /**
   * The outcomes of these legs once the drain under `token` has settled them all; 'ended' if it ends
   * (or has ended) before, 'stalled' once it has settled no leg for `idleMs`.
   */
  settledBy(token: string, clientOrderIds: readonly string[], idleMs: number): Promise<Coverage> {
    const drain = this.#drains.get(token);
    if (!drain) return Promise.resolve('ended');
    const pending = new Set(clientOrderIds.filter((cid) => !drain.outcomes.has(cid)));
    if (pending.size === 0) return Promise.resolve(drain.outcomes);
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const waiter: Waiter = {
        pending,
        answer(coverage) {
          clearTimeout(timer);
          drain.waiters.delete(waiter);
          resolve(coverage);
        },
      };
      // Looked at when it could have stalled, not at every leg the drain settles.
      const check = () => {
        const idle = Date.now() - drain.lastProgressMs;
        if (idle >= idleMs) waiter.answer('stalled');
        else timer = setTimeout(check, idleMs - idle);
      };
      drain.waiters.add(waiter);
      timer = setTimeout(check, Math.max(0, idleMs - (Date.now() - drain.lastProgressMs)));
    });
  }
}

interface Waiter {
  pending: Set<string>;
  answer(coverage: Coverage): void;
}

interface RunningDrain {
  outcomes: ReadonlyMap<string, LegOutcome>;
  waiters: Set<Waiter>;
  lastProgressMs: number;
}

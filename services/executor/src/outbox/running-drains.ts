/**
 * The drains under way in this executor process, by their lock token. A kick that finds its outbox
 * locked by one of them waits for that drain to end (up to `EXECUTOR_COVERED_WAIT_MS`) and then starts as
 * usual, usually to find the outbox empty and its legs sent: its legs were in the outbox before the
 * kick was sent, and a drain releases the lock only in the step that finds the outbox empty. A kick
 * that found the outbox busy used to become a job of its own polling the lock every 20-30 ms; under a
 * sustained load a third of the kicks did, at two to four more queue steps each (issue 19).
 */
export class RunningDrains {
  readonly #ends = new Map<string, { ended: Promise<void>; end: () => void }>();

  started(token: string): void {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => {
      end = resolve;
    });
    this.#ends.set(token, { ended, end });
  }

  ended(token: string): void {
    this.#ends.get(token)?.end();
    this.#ends.delete(token);
  }

  /** Resolves when the drain of this process holding its lock under `token` ends; undefined if none does. */
  whenEnded(token: string): Promise<void> | undefined {
    return this.#ends.get(token)?.ended;
  }
}

/**
 * Runs tasks one at a time per key, in the order they were submitted; different keys run at once.
 * The mapper maps the fills of one (master, symbol) in sequence order this way, so a burst decides
 * exactly as one-by-one mapping would (across replicas the target script's compare-and-set keeps
 * every decision on the state it commits against).
 */
export interface SerialByKey {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Keys with a task queued or running. */
  readonly size: number;
}

export function serialByKey(): SerialByKey {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    get size() {
      return tails.size;
    },
  };
}

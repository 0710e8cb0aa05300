import type { CopyPathGate } from '@copytrade/runtime';

/** Runs a stale cache's reloads later, when the copy path lets them. */
export interface ReloadScheduler {
  /** Queues a reload; it runs once the copy path is quiet (or has held it up for the gate's limit). */
  schedule(reload: () => Promise<void>): void;
  /** Reloads queued and not yet started. */
  readonly waiting: number;
}

/**
 * A fan-out reads 1,000 followers' balances, and past their time limit each read asks for a reload.
 * Run as they are asked, those 1,000 signed REST calls go out while the same fan-out's orders do:
 * they take the cores, the sockets and the exchange's time from the copies, and read balances the
 * copies are about to change. Held until the copy path is quiet (the gate audit and exit-sync wait
 * on), they run right after the burst, `concurrency` at a time, and read what the orders left; the
 * stale values meanwhile are what the cache would serve anyway until the reload is back.
 */
export function createDeferredReloads(options: { gate: CopyPathGate; concurrency: number }): ReloadScheduler {
  if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1))
    throw new Error(`concurrency must be a whole number ≥ 1, got ${options.concurrency}`);
  const queue: (() => Promise<void>)[] = [];
  let running = false;
  async function run(): Promise<void> {
    running = true;
    try {
      while (queue.length > 0) {
        // Asked again before every group: a burst that starts meanwhile holds the rest back.
        await options.gate.wait();
        // A reload handles its own failure (the cache keeps the stale value); none stops the others.
        await Promise.all(queue.splice(0, options.concurrency).map((reload) => reload().catch(() => {})));
      }
    } finally {
      running = false;
    }
  }
  return {
    schedule(reload) {
      queue.push(reload);
      if (!running) void run();
    },
    get waiting() {
      return queue.length;
    },
  };
}

import type { Logger } from '@copytrade/runtime';
import { type FeedDeps, feedStep } from './feed-step.ts';

export interface RunningFeed {
  /** Reads now (a live event arrived); calls made while a read runs fold into one more read. */
  wake(): void;
  /** Resolves when the feed has caught up with everything appended before the call. */
  stop(): Promise<void>;
}

/**
 * Keeps reading the audit log: woken by each live event for speed, and on a timer in case a
 * publish was lost (pub/sub is only the doorbell; the log is the source). A failed step is logged
 * and tried again at the next wake or tick.
 */
export function runFeed(deps: FeedDeps & { pollIntervalMs: number; logger: Logger }): RunningFeed {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;

  const loop = async () => {
    do {
      again = false;
      try {
        // A full batch means more is waiting: read on without waiting for a wake.
        while (!stopped && (await feedStep(deps)).read === deps.batchSize);
      } catch (error) {
        deps.logger.error({ err: error }, 'notifier feed step failed; retrying at the next wake');
      }
    } while (again && !stopped);
    running = null;
  };

  const wake = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop();
  };

  const timer = setInterval(wake, deps.pollIntervalMs);
  timer.unref();
  wake();

  return {
    wake,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

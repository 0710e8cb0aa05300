import type { Logger } from '@copytrade/runtime';

/**
 * Runs a channel's outbox sweep every `intervalMs` (the first after one interval, or at once with
 * `atStart`); logs what it enqueued.
 */
export function startRelay(deps: {
  what: string;
  sweep: (now: Date) => Promise<number>;
  intervalMs: number;
  logger: Logger;
  atStart?: boolean;
}): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = deps
      .sweep(new Date())
      .then((count) => {
        if (count > 0) deps.logger.info({ count }, `${deps.what}: pending work enqueued again`);
      })
      .catch((error: unknown) => deps.logger.error({ err: error }, `${deps.what}: sweep failed`));
  };
  if (deps.atStart) tick();
  const timer = setInterval(tick, deps.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

import { writeCheckpoint } from '@copytrade/audit-log';
import type { SqlPool } from '@copytrade/db/sql';
import type { Logger } from '@copytrade/runtime';

/**
 * Checkpoints the chain's head every `intervalMs` (skipped when it has not moved), and once more on
 * stop, after the last append. A failed write is logged; the next tick tries again.
 */
export function startCheckpointer(options: {
  sql: SqlPool;
  key: string;
  intervalMs: number;
  logger: Logger;
}) {
  const { sql, key, logger } = options;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    running = writeCheckpoint(sql, key).catch((error: unknown) =>
      logger.error({ err: error }, 'audit checkpoint failed'),
    );
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await tick();
    },
  };
}

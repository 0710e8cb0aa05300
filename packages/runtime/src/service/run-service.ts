import { getPriority, setPriority } from 'node:os';
import type { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { createLogger, type Logger } from '../logger/create-logger.ts';

export interface RunningService {
  stop(): Promise<void>;
}

export interface RunServiceOptions<S extends z.ZodType> {
  name: string;
  envSchema: S;
  start: (config: z.infer<S>, logger: Logger) => Promise<RunningService>;
  /** Longest wait for in-flight work on SIGTERM/SIGINT before exiting anyway. @defaultValue 25000 */
  shutdownTimeoutMs?: number;
}

/** Nicer only: a process started nicer than asked (by `nice` or its supervisor) keeps that. */
function lowerPriority(nice: number, logger: Logger): void {
  if (nice <= getPriority()) return;
  try {
    setPriority(nice);
  } catch (error) {
    logger.warn({ err: error, nice }, 'could not lower the process priority');
  }
}

/**
 * What every `main.ts` does: read config (one clear message and exit 1 when it is wrong), start,
 * then on SIGTERM/SIGINT stop taking work, finish what is in flight, close connections, exit.
 */
export async function runService<S extends z.ZodType>(options: RunServiceOptions<S>): Promise<void> {
  let config: z.infer<S>;
  try {
    config = loadConfig(options.envSchema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${options.name}: ${error.message}\n`);
    process.exit(1);
  }
  const level = (config as { LOG_LEVEL?: string }).LOG_LEVEL;
  const logger = createLogger({ service: options.name, ...(level ? { level } : {}) });
  lowerPriority((config as { PROCESS_NICE?: number }).PROCESS_NICE ?? 0, logger);
  let service: RunningService;
  try {
    service = await options.start(config, logger);
  } catch (error) {
    logger.fatal({ err: error }, 'start failed');
    process.exit(1);
  }
  logger.info('started');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    const timer = setTimeout(() => {
      logger.error('shutdown timed out; exiting with work in flight');
      process.exit(1);
    }, options.shutdownTimeoutMs ?? 25_000);
    timer.unref();
    try {
      await service.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'stop failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

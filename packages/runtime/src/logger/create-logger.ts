import { pino, type DestinationStream, type Logger } from 'pino';
import { isSecretKey, redactedValue, scrub, serializeError } from './redaction.ts';

export type { Logger } from 'pino';

export interface LoggerOptions {
  service: string;
  /** @defaultValue 'info' */
  level?: string;
  /** Where lines go. @defaultValue stdout */
  destination?: DestinationStream;
}

/**
 * JSON logs with the service name on every line. Secret-named fields are redacted at any depth
 * (including inside errors and their causes), so a careless `log.info({ account })` cannot leak a key.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      serializers: { err: serializeError, error: serializeError },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args;
          if (first && typeof first === 'object' && !(first instanceof Error)) {
            const cleaned = Object.fromEntries(
              Object.entries(first).map(([k, v]) => [
                k,
                isSecretKey(k) ? redactedValue : k === 'err' || k === 'error' ? v : scrub(v),
              ]),
            );
            return method.apply(this, [cleaned, ...rest] as Parameters<typeof method>);
          }
          return method.apply(this, args);
        },
      },
    },
    options.destination,
  );
}

/** A child logger that stamps every line with the correlation id of the master fill behind it. */
export function withCorrelation(logger: Logger, correlationId: string): Logger {
  return logger.child({ correlationId });
}

/** A pino-compatible logger; only these four methods are used, always as `(object, message)`. */
export interface DeltaLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => {};
export const silentLogger: DeltaLogger = { debug: noop, info: noop, warn: noop, error: noop };

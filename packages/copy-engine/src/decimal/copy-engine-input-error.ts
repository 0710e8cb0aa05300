/**
 * A malformed value reached the engine (not a decimal string, a fractional contract size).
 * Boundaries validate with zod, so this is a programming error, not a skip.
 */
export class CopyEngineInputError extends Error {
  readonly field: string;

  constructor(field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'CopyEngineInputError';
    this.field = field;
  }
}

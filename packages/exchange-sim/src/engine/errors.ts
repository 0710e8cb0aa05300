/** A refusal in Delta's shape: HTTP status, `error.code` and optional `error.context`. */
export class DeltaError extends Error {
  readonly status: number;
  readonly code: string;
  readonly context: Record<string, unknown> | undefined;

  constructor(status: number, code: string, context?: Record<string, unknown>) {
    super(code);
    this.name = 'DeltaError';
    this.status = status;
    this.code = code;
    this.context = context;
  }
}

export function badSchema(message: string, param = ''): DeltaError {
  return new DeltaError(400, 'bad_schema', {
    schema_errors: [{ code: 'validation_error', message, param }],
  });
}

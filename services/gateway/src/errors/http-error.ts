/** An error whose status, code and message are safe to show the caller. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  /** A 400's offending fields, as the schema validation reports them. */
  readonly issues: { field: string; message: string }[] | undefined;
  constructor(
    statusCode: number,
    code: string,
    message: string,
    issues?: { field: string; message: string }[],
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.issues = issues;
  }
}

export const unauthorized = () => new HttpError(401, 'unauthorized', 'log in or send an API key');
export const forbidden = (message = 'not allowed for your role') => new HttpError(403, 'forbidden', message);
export const notFound = (what: string) => new HttpError(404, 'not_found', `${what} not found`);
export const conflict = (message: string) => new HttpError(409, 'conflict', message);

/** A 400 naming fields a schema alone cannot judge (`body.baseUrl`, `body.multiplier`). */
export const invalidFields = (issues: { field: string; message: string }[]) =>
  new HttpError(400, 'bad_request', issues.map((i) => `${i.field}: ${i.message}`).join('; '), issues);

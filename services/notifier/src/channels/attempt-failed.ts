/** An attempt that failed in a way worth retrying; `retryAfterMs` is what the endpoint asked for. */
export class AttemptFailed extends Error {
  override name = 'AttemptFailed';
  readonly retryAfterMs: number | null;
  constructor(message: string, retryAfterMs: number | null) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

import type { DeltaLogger } from '../types/logger.ts';

export interface ClockSyncOptions {
  /** Reads the server time in microseconds (`GET /v2/settings`). */
  fetchServerMicros: () => Promise<number>;
  clock: () => number;
  logger: DeltaLogger;
  intervalMs: number;
  /** Delta accepts a signature for this long; a slower sync round trip makes the offset doubtful. */
  recvWindowMs: number;
}

/** Keeps the offset between the local clock and Delta's, so signatures carry the server's time. */
export class ClockSync {
  readonly #options: ClockSyncOptions;
  #offsetMs = 0;
  #synced = false;
  #inflight: Promise<void> | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ClockSyncOptions) {
    this.#options = options;
  }

  get offsetMs(): number {
    return this.#offsetMs;
  }

  get synced(): boolean {
    return this.#synced;
  }

  /** The server's time now, in epoch milliseconds. */
  now(): number {
    return this.#options.clock() + this.#offsetMs;
  }

  /** Syncs once before the first signed request; later calls return at once. */
  async ensureSynced(): Promise<void> {
    if (this.#synced) return;
    await this.resync();
  }

  /** Reads the server time again; concurrent callers share one request. */
  resync(): Promise<void> {
    this.#inflight ??= this.#sync().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  /** Resyncs every `intervalMs` (by default the one it was built with) until stopped; a running timer stays as it is. */
  startTimer(intervalMs = this.#options.intervalMs): void {
    if (this.#timer !== undefined || intervalMs <= 0) return;
    this.#timer = setInterval(() => {
      this.resync().catch((err: unknown) => {
        this.#options.logger.warn({ err: String(err) }, 'delta clock resync failed');
      });
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  async #sync(): Promise<void> {
    const { clock, fetchServerMicros, logger, recvWindowMs } = this.#options;
    const sentAt = clock();
    const serverMicros = await fetchServerMicros();
    const receivedAt = clock();
    const roundTripMs = receivedAt - sentAt;
    // The server read its clock about half-way through the round trip.
    this.#offsetMs = Math.round(serverMicros / 1000 - (sentAt + roundTripMs / 2));
    this.#synced = true;
    const log = { offsetMs: this.#offsetMs, roundTripMs };
    if (roundTripMs > recvWindowMs / 2) logger.warn(log, 'delta clock sync round trip is slow');
    else logger.debug(log, 'delta clock synced');
  }
}

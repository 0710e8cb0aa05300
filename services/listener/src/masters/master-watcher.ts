import type { DeltaSocket, UserTrade } from '@copytrade/delta-client';
import { ensureBaseline } from '../handlers/ensure-baseline.ts';
import { gapFill } from '../handlers/gap-fill.ts';
import { type FillNotRecorded, ingestFill } from '../handlers/ingest-fill.ts';
import type { ListenerDeps } from '../handlers/listener-deps.ts';

export interface WatcherOptions {
  gapFillIntervalMs: number;
  heartbeatTimeoutMs: number;
}

/**
 * Watches one master: its private WebSocket for speed, REST gap-fill for completeness.
 * Everything for one master runs one step at a time (a promise chain), so fills are applied in
 * the order they were seen and a gap-fill never interleaves with a socket fill.
 */
export class MasterWatcher {
  readonly masterAccountId: string;
  readonly #deps: ListenerDeps;
  readonly #options: WatcherOptions;
  #chain: Promise<unknown> = Promise.resolve();
  /** Socket fills' records still being made (their event lingers, then their row). */
  readonly #recording = new Set<Promise<void>>();
  #socket: DeltaSocket | undefined;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  #watching = false;

  constructor(deps: ListenerDeps, masterAccountId: string, options: WatcherOptions) {
    this.#deps = deps;
    this.masterAccountId = masterAccountId;
    this.#options = options;
  }

  /** Resolves once watching; a `stop()` meanwhile makes it end early, leaving nothing open. */
  async start(): Promise<void> {
    const log = this.#deps.logger.child({ masterAccountId: this.masterAccountId });
    await this.#serial(() => ensureBaseline(this.#deps, this.masterAccountId));
    if (this.#stopped) return;
    const socket = await this.#deps.accounts.socket(this.masterAccountId, {
      heartbeatTimeoutMs: this.#options.heartbeatTimeoutMs,
      reconnectInitialDelayMs: 200,
      reconnectMaxDelayMs: 5_000,
      logger: log,
    });
    if (this.#stopped) return;
    this.#socket = socket;
    socket.on('userTrade', (trade) => void this.#serial(() => this.#onTrade(trade)));
    // Messages may have been missed while the socket was down: read them over REST.
    socket.on('reconnected', () => void this.gapFillNow());
    socket.on('error', (error) => log.warn({ err: error }, 'master socket error'));
    // Subscribe first, then read what happened before: nothing falls between the two.
    await withTimeout(socket.connect(), 5_000).catch((error: unknown) =>
      log.warn({ err: error }, 'master socket not ready yet; REST keeps watching'),
    );
    await this.gapFillNow();
    if (this.#stopped) return;
    this.#timer = setInterval(() => void this.gapFillNow(), this.#options.gapFillIntervalMs);
    this.#timer.unref();
    this.#watching = true;
    log.info('watching master');
  }

  /** Started (baseline taken, socket subscribed, first gap-fill done) and not stopped. */
  get watching(): boolean {
    return this.#watching && !this.#stopped;
  }

  /** The REST safety net, now (also the operator's "monitor now"). Resolves to the new fills. */
  gapFillNow(): Promise<number> {
    return this.#serial(() => gapFill(this.#deps, this.masterAccountId));
  }

  /** Stops watching; waits for the step in progress and the records of the fills before it. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#socket?.close();
    await this.#chain.catch(() => undefined);
    await Promise.all([...this.#recording]);
  }

  async #onTrade(trade: UserTrade): Promise<void> {
    const detectedAtMs = Date.now();
    const detectedAtMonotonicMs = performance.now();
    const fill = {
      masterAccountId: this.masterAccountId,
      fillId: trade.fillId,
      symbol: trade.symbol,
      productId: await this.#deps.products.idOf(this.masterAccountId, trade.symbol),
      side: trade.side,
      size: trade.size,
      price: trade.price,
      occurredAtUs: trade.timestamp,
      fillType: trade.fillType,
      orderId: trade.orderId,
      exchangePositionAfter: trade.positionAfter,
      exchangeSequence: trade.sequence,
      source: 'ws' as const,
      detectedAtMs,
      detectedAtMonotonicMs,
    };
    const ingested = await ingestFill(this.#deps, fill, true);
    if (ingested.outcome !== 'gap') {
      this.#awaitRecord(ingested.recorded);
      return;
    }
    // A hole in the sequence (or a position that disagrees): fills were missed. Read them first and
    // apply them in order, this fill in its place; if REST does not know them yet, or cannot be
    // read, the exchange's position after this fill is the truth.
    try {
      await gapFill(this.#deps, this.masterAccountId, { pending: fill });
    } catch (error) {
      this.#deps.logger.warn(
        { err: error, masterAccountId: this.masterAccountId },
        'gap-fill failed; fill applied on the exchange position',
      );
      this.#awaitRecord((await ingestFill(this.#deps, fill, false)).recorded);
    }
  }

  /** A socket fill's record, made off the serial chain: a failure is left to the next REST pass. */
  #awaitRecord(recorded: Promise<FillNotRecorded | undefined>): void {
    const settled = recorded.then((error) => {
      this.#recording.delete(settled);
      if (error)
        this.#deps.logger.warn(
          { err: error, masterAccountId: this.masterAccountId },
          'master fill not recorded; the next REST pass records it',
        );
    });
    this.#recording.add(settled);
  }

  #serial<T>(step: () => Promise<T>): Promise<T> {
    const next = this.#chain.then(() => (this.#stopped ? (0 as T) : step()));
    this.#chain = next.catch((error: unknown) =>
      this.#deps.logger.error({ err: error, masterAccountId: this.masterAccountId }, 'master step failed'),
    );
    return next;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not ready after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

import { DeltaSocket } from '@copytrade/delta-client';
import type { Logger } from '@copytrade/runtime';

/** Where a mark comes from: the fresh REST read that seeds the stream, and the cached one for when the stream is down. */
export interface MarkReads {
  fresh(): Promise<string>;
  cached(): Promise<string>;
}

/**
 * Mark prices kept warm from each exchange's public `mark_price` stream, so a slippage check reads
 * memory instead of asking the exchange per fill. A symbol is subscribed the first time a decision
 * needs it; until the stream says something of it, one REST read taken after the exchange answered the
 * subscription stands in (any change after that arrives on the stream). Marks are trusted only while
 * the connection that kept them is up; while it is down, the cached REST read answers.
 */
export class MarkStreams {
  readonly #exchanges = new Map<string, ExchangeMarks>();
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  price(wsUrl: string, symbol: string, reads: MarkReads): Promise<string> {
    let exchange = this.#exchanges.get(wsUrl);
    if (exchange === undefined) {
      exchange = new ExchangeMarks(wsUrl, this.#logger);
      this.#exchanges.set(wsUrl, exchange);
    }
    return exchange.price(symbol, reads);
  }

  async close(): Promise<void> {
    await Promise.all([...this.#exchanges.values()].map((e) => e.close()));
    this.#exchanges.clear();
  }
}

class ExchangeMarks {
  readonly #socket: DeltaSocket;
  readonly #marks = new Map<string, string>();
  /** Seeds in progress, so concurrent decisions share one. */
  readonly #seeding = new Map<string, Promise<void>>();
  /** Bumped when a connection ends: a seed read across it is not kept. */
  #connection = 0;

  constructor(wsUrl: string, logger: Logger) {
    this.#socket = new DeltaSocket({ wsUrl, logger: logger.child({ stream: 'mark_price' }) });
    this.#socket.on('markPrice', (mark) => this.#marks.set(mark.symbol, mark.price));
    this.#socket.on('disconnected', () => {
      this.#connection += 1;
      this.#marks.clear();
      this.#seeding.clear();
    });
    this.#socket.on('error', (err) => logger.warn({ err: err.message }, 'mark price stream failed'));
    // The first decisions read REST while it connects; it reconnects by itself.
    this.#socket.connect().catch(() => {});
  }

  async price(symbol: string, reads: MarkReads): Promise<string> {
    if (this.#socket.phase !== 'ready') return reads.cached();
    const kept = this.#marks.get(symbol);
    if (kept !== undefined) return kept;
    let seeding = this.#seeding.get(symbol);
    if (seeding === undefined) {
      seeding = this.#seed(symbol, reads);
      this.#seeding.set(symbol, seeding);
    }
    try {
      await seeding;
    } catch (err) {
      // The seed's read failed, but the stream is subscribed now and may have spoken meanwhile.
      const spoken = this.#marks.get(symbol);
      if (spoken === undefined) throw err;
      return spoken;
    } finally {
      if (this.#seeding.get(symbol) === seeding) this.#seeding.delete(symbol);
    }
    return this.#marks.get(symbol) ?? reads.cached();
  }

  async #seed(symbol: string, reads: MarkReads): Promise<void> {
    const connection = this.#connection;
    await this.#socket.watchMarkPrices([symbol]);
    const price = await reads.fresh();
    // The stream's word is newer than a read that crossed it; a read across a reconnection is not kept.
    if (this.#connection === connection && !this.#marks.has(symbol)) this.#marks.set(symbol, price);
  }

  close(): Promise<void> {
    return this.#socket.close();
  }
}

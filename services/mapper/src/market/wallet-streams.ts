import type { Balance, DeltaSocket, DeltaSocketOptions, WalletUpdate } from '@copytrade/delta-client';
import type { Logger } from '@copytrade/runtime';

/** One asset of a wallet. `equity` is the wallet balance (Delta's `balance`). */
export interface WalletAsset {
  equity: string;
  available: string;
}

/** Where a wallet comes from: the fresh REST read that seeds the stream, and the cached one for when it is down. */
export interface WalletReads {
  fresh(): Promise<Balance[]>;
  cached(): Promise<Balance[]>;
}

/** Opens an account's private socket (`AccountDirectory.socket`). */
export type OpenSocket = (
  accountId: string,
  options: Pick<DeltaSocketOptions, 'privateChannels' | 'logger'>,
) => Promise<DeltaSocket>;

export interface WalletStreamsOptions {
  open: OpenSocket;
  logger: Logger;
  /** A stream no decision has read for this long is closed (the follow ended, say). */
  idleMs: number;
  /** A stream that failed for good (refused key) is tried again after this long; REST answers meanwhile. */
  retryMs: number;
  /** Told what answered each read: the stream, or REST while the stream was not live. */
  onRead?: (source: 'stream' | 'rest') => void;
  now?: () => number;
}

const ZERO: WalletAsset = { equity: '0', available: '0' };

/**
 * Wallets kept from each account's private `margins` stream, so a decision reads memory instead of
 * asking the exchange for every follower of every fill, and sees a change (a fill, a deposit) as soon
 * as the exchange announces it rather than after a cache's time limit. Delta sends no snapshot on
 * subscribe: once subscribed, one REST read seeds the wallet, and an asset the stream has spoken of
 * since is the stream's (any change after that read arrives on the stream). A wallet is trusted only
 * while the connection that kept it is up; until then, and while it is down, the cached REST read
 * answers. `key` names the credentials a stream was opened with: when an account's key or exchange
 * changes, its stream is opened again.
 */
export class WalletStreams {
  readonly #options: WalletStreamsOptions;
  readonly #streams = new Map<string, AccountWallet>();
  readonly #now: () => number;
  readonly #sweep: NodeJS.Timeout;

  constructor(options: WalletStreamsOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sweep = setInterval(() => this.#closeIdle(), Math.max(1_000, Math.min(options.idleMs, 60_000)));
    this.#sweep.unref();
  }

  /** The wallet's `asset` (zero when it holds none). */
  wallet(accountId: string, key: string, asset: string, reads: WalletReads): Promise<WalletAsset> {
    return this.#stream(accountId, key, reads).wallet(asset);
  }

  /** The wallet as its stream holds it, or undefined (not streamed, or not seeded yet). */
  known(accountId: string, asset: string): WalletAsset | undefined {
    return this.#streams.get(accountId)?.known(asset);
  }

  get size(): number {
    return this.#streams.size;
  }

  /** Streams kept, and how many of them are live (connected and seeded). */
  stats(): { open: number; live: number } {
    let live = 0;
    for (const stream of this.#streams.values()) if (stream.live) live += 1;
    return { open: this.#streams.size, live };
  }

  async close(): Promise<void> {
    clearInterval(this.#sweep);
    const all = [...this.#streams.values()];
    this.#streams.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  #stream(accountId: string, key: string, reads: WalletReads): AccountWallet {
    const now = this.#now();
    let stream = this.#streams.get(accountId);
    if (stream !== undefined && (stream.key !== key || stream.failedFor(now, this.#options.retryMs))) {
      void stream.close();
      stream = undefined;
    }
    if (stream === undefined) {
      stream = new AccountWallet(accountId, key, reads, this.#options, now);
      this.#streams.set(accountId, stream);
    }
    stream.readAt = now;
    return stream;
  }

  #closeIdle(): void {
    const now = this.#now();
    for (const [id, stream] of this.#streams) {
      if (now - stream.readAt < this.#options.idleMs) continue;
      this.#streams.delete(id);
      void stream.close();
    }
  }
}

class AccountWallet {
  readonly key: string;
  readAt: number;
  #socket: DeltaSocket | undefined;
  #closed = false;
  /** When the socket gave up by itself (a refused key), or when opening it failed. */
  #failedAt: number | undefined;
  /** The seeded wallet, by asset; undefined until seeded on the current connection. */
  #assets: Map<string, WalletAsset> | undefined;
  /** What the stream said on the current connection, for the seed to defer to. */
  readonly #spoken = new Map<string, WalletAsset>();
  #seeding: Promise<void> | undefined;
  /** Bumped when a connection ends: a seed read across it is not kept. */
  #connection = 0;
  readonly #now: () => number;
  readonly #reads: WalletReads;
  readonly #onRead: (source: 'stream' | 'rest') => void;

  constructor(
    accountId: string,
    key: string,
    reads: WalletReads,
    options: WalletStreamsOptions,
    now: number,
  ) {
    this.key = key;
    this.#reads = reads;
    this.#onRead = options.onRead ?? (() => {});
    this.readAt = now;
    this.#now = options.now ?? Date.now;
    const logger = options.logger.child({ stream: 'margins', accountId });
    options
      .open(accountId, { privateChannels: ['margins'], logger })
      .then((socket) => this.#attach(socket, logger))
      .catch((err: unknown) => {
        this.#failedAt = this.#now();
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'wallet stream not opened');
      });
  }

  #attach(socket: DeltaSocket, logger: Logger): void {
    if (this.#closed) {
      void socket.close();
      return;
    }
    this.#socket = socket;
    socket.on('wallet', (update) => this.#onUpdate(update));
    socket.on('disconnected', () => {
      this.#connection += 1;
      this.#assets = undefined;
      this.#spoken.clear();
      this.#seeding = undefined;
      if (socket.phase === 'closed' && !this.#closed) this.#failedAt = this.#now();
    });
    // Seeded as soon as each connection is subscribed, so the next decision finds it warm.
    socket.on('connected', () => {
      this.#seeding ??= this.#seed();
      this.#seeding.catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'wallet stream not seeded'),
      );
    });
    socket.on('error', (err) => logger.warn({ err: err.message }, 'wallet stream failed'));
    // The first decisions read REST while it connects; it reconnects by itself.
    socket.connect().catch(() => {});
  }

  failedFor(now: number, retryMs: number): boolean {
    return this.#failedAt !== undefined && now - this.#failedAt >= retryMs;
  }

  #onUpdate(update: WalletUpdate): void {
    const asset = { equity: update.balance, available: update.availableBalance };
    this.#spoken.set(update.assetSymbol, asset);
    this.#assets?.set(update.assetSymbol, asset);
  }

  get live(): boolean {
    return this.#socket?.phase === 'ready' && this.#assets !== undefined;
  }

  known(asset: string): WalletAsset | undefined {
    if (!this.live) return undefined;
    return this.#assets!.get(asset) ?? ZERO;
  }

  async wallet(asset: string): Promise<WalletAsset> {
    const answer = await this.#answer(asset);
    this.#onRead(answer.source);
    return answer.wallet;
  }

  async #answer(asset: string): Promise<{ wallet: WalletAsset; source: 'stream' | 'rest' }> {
    const reads = this.#reads;
    const rest = async () => ({ wallet: walletIn(await reads.cached(), asset), source: 'rest' as const });
    if (this.#socket?.phase !== 'ready') return rest();
    if (this.#assets === undefined) {
      this.#seeding ??= this.#seed();
      const seeding = this.#seeding;
      try {
        await seeding;
      } catch {
        if (this.#seeding === seeding) this.#seeding = undefined;
        // The seed's read failed, but the stream may have spoken of this asset meanwhile; if not, the
        // cached read answers (it may still hold a value the seed could not fetch afresh).
        const spoken = this.#spoken.get(asset);
        return spoken === undefined ? rest() : { wallet: spoken, source: 'stream' };
      }
    }
    const known = this.known(asset);
    return known === undefined ? rest() : { wallet: known, source: 'stream' };
  }

  async #seed(): Promise<void> {
    const connection = this.#connection;
    const rows = await this.#reads.fresh();
    if (this.#connection !== connection) return;
    const assets = new Map<string, WalletAsset>();
    for (const row of rows) assets.set(row.assetSymbol, assetOf(row));
    // The stream's word is newer than a read that crossed it.
    for (const [symbol, spoken] of this.#spoken) assets.set(symbol, spoken);
    this.#assets = assets;
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#socket?.close();
  }
}

/** One asset of REST balance rows (zero when the wallet holds none). */
export function walletIn(rows: readonly Balance[], asset: string): WalletAsset {
  const row = rows.find((b) => b.assetSymbol === asset);
  return row ? assetOf(row) : ZERO;
}

const assetOf = (row: Balance): WalletAsset => ({ equity: row.balance, available: row.availableBalance });

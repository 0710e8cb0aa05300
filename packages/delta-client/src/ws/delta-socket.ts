import { EventEmitter } from 'node:events';
import WebSocket, { type RawData } from 'ws';
import { DeltaError } from '../errors/delta-error.ts';
import { RequestSigner } from '../signing/sign.ts';
import { type DeltaLogger, silentLogger } from '../types/logger.ts';
import { backoffDelay } from './backoff.ts';
import { routeDataFrame } from './route-message.ts';
import type { DeltaSocketEvents, DeltaSocketOptions, PrivateChannel } from './socket-types.ts';
import { keyAuthSchema, subscriptionsSchema } from './ws-messages.ts';

const DEFAULT_PRIVATE_CHANNELS: readonly PrivateChannel[] = ['v2/user_trades', 'orders', 'positions'];

type Phase = 'idle' | 'connecting' | 'authenticating' | 'subscribing' | 'ready' | 'closed';

/**
 * Delta's WebSocket: key-auth, private and public subscriptions, heartbeat watch, and reconnects
 * with backoff. After every reconnection it emits `reconnected` so the caller gap-fills over REST.
 */
export class DeltaSocket extends EventEmitter<DeltaSocketEvents> {
  readonly #options: DeltaSocketOptions;
  readonly #signer: RequestSigner | undefined;
  readonly #logger: DeltaLogger;
  #ws: WebSocket | undefined;
  #phase: Phase = 'idle';
  #attempt = 0;
  #everReady = false;
  #silenceTimer: NodeJS.Timeout | undefined;
  #setupTimer: NodeJS.Timeout | undefined;
  #reconnectTimer: NodeJS.Timeout | undefined;
  readonly #markSymbols: Set<string>;

  constructor(options: DeltaSocketOptions) {
    super();
    this.#options = options;
    this.#markSymbols = new Set(options.markPriceSymbols ?? []);
    this.#logger = options.logger ?? silentLogger;
    this.#signer =
      options.apiKey !== undefined && options.apiSecret !== undefined
        ? new RequestSigner(options.apiKey, options.apiSecret)
        : undefined;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Starts connecting; resolves when the first connection is ready, rejects if closed first. */
  connect(): Promise<void> {
    if (this.#phase === 'closed') return Promise.reject(new Error('DeltaSocket is closed'));
    if (this.#phase === 'ready') return Promise.resolve();
    const ready = new Promise<void>((resolve, reject) => {
      const onConnected = () => {
        this.off('disconnected', onDisconnected);
        resolve();
      };
      const onDisconnected = () => {
        if (this.#phase !== 'closed') return;
        this.off('connected', onConnected);
        this.off('disconnected', onDisconnected);
        reject(new Error('DeltaSocket closed before it connected'));
      };
      this.once('connected', onConnected);
      this.on('disconnected', onDisconnected);
    });
    if (this.#phase === 'idle') this.#open();
    return ready;
  }

  /** Stops for good: no more reconnects. */
  async close(): Promise<void> {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#clearTimers();
    if (this.#reconnectTimer !== undefined) clearTimeout(this.#reconnectTimer);
    const ws = this.#ws;
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) {
      this.emit('disconnected', { code: 1000, reason: 'closed' });
      return;
    }
    await new Promise<void>((resolve) => {
      const done = setTimeout(() => ws.terminate(), 1000);
      ws.once('close', () => {
        clearTimeout(done);
        resolve();
      });
      ws.close(1000, 'client closing');
    });
  }

  #open(): void {
    this.#phase = 'connecting';
    const setupTimeoutMs = this.#options.setupTimeoutMs ?? 10_000;
    const ws = new WebSocket(this.#options.wsUrl, {
      handshakeTimeout: setupTimeoutMs,
      headers: { 'User-Agent': this.#options.userAgent ?? 'copytrade-delta-client/0.1' },
    });
    this.#ws = ws;
    this.#setupTimer = setTimeout(() => this.#drop(ws, 'setup timed out'), setupTimeoutMs);
    ws.on('open', () => this.#onOpen(ws));
    ws.on('message', (data: RawData) => this.#onMessage(ws, data));
    ws.on('error', (err: Error) => {
      this.#logger.warn({ err: err.message }, 'delta socket error');
    });
    ws.on('close', (code: number, reason: Buffer) => this.#onClose(ws, code, reason.toString()));
  }

  #onOpen(ws: WebSocket): void {
    this.#touch(ws);
    this.#send(ws, { type: 'enable_heartbeat' });
    if (this.#signer === undefined) {
      this.#subscribe(ws);
      return;
    }
    this.#phase = 'authenticating';
    const timestamp = Math.floor((this.#options.serverNow ?? Date.now)() / 1000);
    const signature = this.#signer.signLive(timestamp);
    this.#send(ws, { type: 'key-auth', payload: { 'api-key': this.#signer.apiKey, timestamp, signature } });
  }

  #subscribe(ws: WebSocket): void {
    this.#phase = 'subscribing';
    const channels: { name: string; symbols?: string[] }[] = [];
    if (this.#signer !== undefined) {
      const symbols = [...(this.#options.privateSymbols ?? ['all'])];
      for (const name of this.#options.privateChannels ?? DEFAULT_PRIVATE_CHANNELS)
        channels.push(name === 'margins' ? { name } : { name, symbols });
    }
    if (this.#markSymbols.size > 0) channels.push(markPriceChannel([...this.#markSymbols]));
    const tickers = this.#options.tickerSymbols ?? [];
    if (tickers.length > 0) channels.push({ name: 'v2/ticker', symbols: [...tickers] });
    if (channels.length === 0) {
      this.#ready();
      return;
    }
    this.#send(ws, { type: 'subscribe', payload: { channels } });
  }

  /**
   * Adds `mark_price` symbols: subscribed at once on an open connection and again on every
   * reconnection. Resolves when the exchange has answered this subscription (or the connection that
   * carried it is gone: the next one subscribes them all).
   */
  watchMarkPrices(symbols: readonly string[]): Promise<void> {
    const added = symbols.filter((s) => !this.#markSymbols.has(s));
    for (const s of added) this.#markSymbols.add(s);
    const ws = this.#ws;
    if (added.length === 0 || ws === undefined || (this.#phase !== 'ready' && this.#phase !== 'subscribing'))
      return Promise.resolve();
    const answered = new Promise<void>((resolve) => {
      const done = () => {
        this.off('subscriptions', done);
        this.off('disconnected', done);
        resolve();
      };
      this.on('subscriptions', done);
      this.on('disconnected', done);
    });
    this.#send(ws, { type: 'subscribe', payload: { channels: [markPriceChannel(added)] } });
    return answered;
  }

  #ready(): void {
    if (this.#setupTimer !== undefined) clearTimeout(this.#setupTimer);
    this.#phase = 'ready';
    this.#attempt = 0;
    const again = this.#everReady;
    this.#everReady = true;
    this.#logger.info({ reconnected: again }, 'delta socket ready');
    this.emit('connected');
    if (again) this.emit('reconnected');
  }

  #onMessage(ws: WebSocket, data: RawData): void {
    if (ws !== this.#ws) return;
    this.#touch(ws);
    let json: unknown;
    try {
      json = JSON.parse(data.toString());
    } catch {
      this.#emitData('invalidMessage', { type: undefined, issues: 'not JSON' });
      return;
    }
    if (!isFrame(json)) {
      this.#emitData('invalidMessage', { type: undefined, issues: 'no message type' });
      return;
    }
    const { type } = json;
    if (type === 'key-auth') this.#onAuth(ws, json);
    else if (type === 'subscriptions') this.#onSubscriptions(json);
    else if (type === 'heartbeat' || type === 'pong') return;
    else if (!routeDataFrame(type, json, this.#emitData)) {
      this.#logger.debug({ type }, 'delta socket message ignored');
    }
  }

  readonly #emitData = (event: keyof DeltaSocketEvents, ...args: unknown[]): void => {
    if (event === 'invalidMessage')
      this.#logger.warn({ ...(args[0] as object) }, 'delta socket message invalid');
    (this.emit as (name: string, ...values: unknown[]) => boolean)(event, ...args);
  };

  #onSubscriptions(frame: unknown): void {
    const answer = subscriptionsSchema.safeParse(frame);
    const refused = answer.success ? answer.data.channels.filter((c) => typeof c.error === 'string') : [];
    for (const channel of refused) {
      this.#reportError(new Error(`Delta refused subscription to ${channel.name}: ${channel.error}`));
    }
    if (this.#phase === 'subscribing') this.#ready();
    this.emit('subscriptions');
  }

  #onAuth(ws: WebSocket, frame: unknown): void {
    const answer = keyAuthSchema.safeParse(frame);
    const ok = answer.success && answer.data.success === true;
    if (ok) {
      if (this.#phase === 'authenticating') this.#subscribe(ws);
      return;
    }
    const statusCode = answer.success ? (answer.data.status_code ?? undefined) : undefined;
    const status = answer.success ? (answer.data.status ?? 'unknown') : 'unreadable';
    const err = new DeltaError({
      kind: 'auth',
      code: status,
      status: statusCode,
      method: 'WS',
      path: '/live',
      message: `Delta WebSocket key-auth failed: ${status}`,
    });
    this.#reportError(err);
    // An expired request is a clock problem that a new attempt can fix; a bad key is not.
    if (statusCode === 408 || status === 'request_expired') this.#drop(ws, 'auth expired');
    else void this.close();
  }

  #onClose(ws: WebSocket, code: number, reason: string): void {
    if (ws !== this.#ws) return;
    this.#clearTimers();
    this.#ws = undefined;
    this.emit('disconnected', { code, reason });
    if (this.#phase === 'closed') return;
    this.#phase = 'connecting';
    const delay = backoffDelay(this.#attempt, {
      initialDelayMs: this.#options.reconnectInitialDelayMs ?? 500,
      maxDelayMs: this.#options.reconnectMaxDelayMs ?? 30_000,
    });
    this.#attempt += 1;
    this.#logger.warn(
      { code, reason, delayMs: delay, attempt: this.#attempt },
      'delta socket closed; reconnecting',
    );
    this.#reconnectTimer = setTimeout(() => {
      this.#reconnectTimer = undefined;
      if (this.#phase !== 'closed') this.#open();
    }, delay);
  }

  /** Any frame proves the connection alive; silence past the heartbeat timeout means it is not. */
  #touch(ws: WebSocket): void {
    // Restarting the timer in place: cheaper than a new one per frame on a busy stream. It is cleared
    // when a connection closes, so a running timer is always the current connection's.
    if (this.#silenceTimer !== undefined) {
      this.#silenceTimer.refresh();
      return;
    }
    const timeoutMs = this.#options.heartbeatTimeoutMs ?? 35_000;
    this.#silenceTimer = setTimeout(() => this.#drop(ws, `silent for ${timeoutMs} ms`), timeoutMs);
  }

  #drop(ws: WebSocket, why: string): void {
    if (ws !== this.#ws) return;
    this.#logger.warn({ why }, 'delta socket dropped');
    ws.terminate();
  }

  #send(ws: WebSocket, message: object): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  #reportError(err: Error): void {
    this.#logger.error({ err: err.message }, 'delta socket failure');
    // An 'error' event without a listener would crash the process.
    if (this.listenerCount('error') > 0) this.emit('error', err);
  }

  #clearTimers(): void {
    if (this.#silenceTimer !== undefined) clearTimeout(this.#silenceTimer);
    if (this.#setupTimer !== undefined) clearTimeout(this.#setupTimer);
    this.#silenceTimer = undefined;
    this.#setupTimer = undefined;
  }
}

/** Delta names mark price streams `MARK:<symbol>`. */
function markPriceChannel(symbols: string[]): { name: string; symbols: string[] } {
  return { name: 'mark_price', symbols: symbols.map((s) => (s.startsWith('MARK:') ? s : `MARK:${s}`)) };
}

/** Every inbound frame is an object with a `type`; the rest depends on it (checked without copying it). */
function isFrame(json: unknown): json is Record<string, unknown> & { type: string } {
  return (
    typeof json === 'object' &&
    json !== null &&
    !Array.isArray(json) &&
    typeof (json as { type?: unknown }).type === 'string'
  );
}

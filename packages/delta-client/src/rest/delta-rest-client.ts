import { z } from 'zod';
import { balanceSchema, type Balance } from '../schemas/balance.ts';
import { fillSchema } from '../schemas/fill.ts';
import { type Order, orderSchema } from '../schemas/order.ts';
import { type Position, positionSchema } from '../schemas/position.ts';
import { type Product, productSchema } from '../schemas/product.ts';
import { settingsSchema } from '../schemas/settings.ts';
import { type Ticker, tickerSchema } from '../schemas/ticker.ts';
import { RequestSigner } from '../signing/sign.ts';
import type { DeltaClientOptions } from '../types/client-options.ts';
import { silentLogger } from '../types/logger.ts';
import { ClockSync } from './clock-sync.ts';
import { type FillsPage, type FillsQuery, fillsQuery } from './fills-query.ts';
import { followCursors } from './follow-cursors.ts';
import { isAuthoritativeNotFound } from './not-found.ts';
import {
  type CancelOrderInput,
  cancelOrderBody,
  cancelOrderInputSchema,
  type PlaceOrderInput,
  placeOrderBody,
  placeOrderInputSchema,
  validateInput,
} from './order-input.ts';
import { parseResult } from './parse-result.ts';
import { acquirePool, type PoolLease } from './pool-registry.ts';
import type { QueryValue } from './query-string.ts';
import { type RateLimitState, RateLimitTracker } from './rate-limit.ts';
import { type DeltaRequest, type HttpMethod, Transport } from './transport.ts';

export interface OrderHistoryQuery {
  productIds?: readonly number[] | undefined;
  pageSize?: number | undefined;
  /** Delta's pagination cursor from a previous page. */
  after?: string | undefined;
}

export interface OrderHistoryPage {
  orders: Order[];
  after: string | undefined;
}

export type PositionQuery =
  | { productId: number; productSymbol?: undefined }
  | { productSymbol: string; productId?: undefined };

/** Delta Exchange REST v2 client for one API key. */
export class DeltaRestClient {
  readonly #transport: Transport;
  readonly #clockSync: ClockSync;
  readonly #rateLimit = new RateLimitTracker();
  readonly #lease: PoolLease;
  /** Its own clock offset (a client on its own clock), stopped with it; otherwise the origin's. */
  readonly #ownClock: boolean;
  #closed = false;

  constructor(options: DeltaClientOptions) {
    const url = new URL(options.baseUrl);
    const clock = options.clock ?? Date.now;
    const logger = options.logger ?? silentLogger;
    const hasKey = options.apiKey !== undefined && options.apiSecret !== undefined;
    this.#lease = acquirePool(url.origin, options.connections);
    const signer = hasKey ? new RequestSigner(options.apiKey ?? '', options.apiSecret ?? '') : undefined;
    const clockOptions = {
      logger,
      intervalMs: options.clockSyncIntervalMs ?? 60_000,
      recvWindowMs: options.recvWindow ?? 5000,
    };
    // A client on its own clock (tests) keeps its own offset; the others share their origin's.
    this.#ownClock = options.clock !== undefined;
    this.#clockSync =
      options.clock === undefined
        ? this.#lease.sharedClock(() => this.getServerTime(), clockOptions)
        : new ClockSync({ ...clockOptions, fetchServerMicros: () => this.getServerTime(), clock });
    this.#transport = new Transport({
      lease: this.#lease,
      pathPrefix: url.pathname.replace(/\/+$/, ''),
      signer,
      clockSync: this.#clockSync,
      rateLimit: this.#rateLimit,
      clock,
      logger,
      timeoutMs: options.timeoutMs ?? 5000,
      userAgent: options.userAgent ?? 'copytrade-delta-client/0.1',
    });
    if (hasKey) this.#clockSync.startTimer(clockOptions.intervalMs);
  }

  /** What Delta last said about this key's quota. */
  get rateLimit(): RateLimitState {
    return this.#rateLimit.state;
  }

  /** Local estimate of Delta's clock (epoch ms); also what the WebSocket auth should sign with. */
  serverNow(): number {
    return this.#clockSync.now();
  }

  get clockOffsetMs(): number {
    return this.#clockSync.offsetMs;
  }

  /** Re-reads the server time now (it is also done at start, on a timer and after an expired signature). */
  syncClock(): Promise<void> {
    return this.#clockSync.resync();
  }

  /** Server time in microseconds since the epoch. */
  async getServerTime(): Promise<number> {
    const res = await this.#send({ method: 'GET', path: '/v2/settings', auth: false });
    return parseResult(settingsSchema, res.result, 'GET', '/v2/settings').server_time;
  }

  async getProducts(): Promise<Product[]> {
    return this.#collect('/v2/products', {}, productSchema, false);
  }

  async getProduct(symbol: string): Promise<Product> {
    return this.#get(`/v2/products/${encodeURIComponent(symbol)}`, productSchema, false);
  }

  async getTicker(symbol: string): Promise<Ticker> {
    return this.#get(`/v2/tickers/${encodeURIComponent(symbol)}`, tickerSchema, false);
  }

  async placeOrder(input: PlaceOrderInput): Promise<Order> {
    const order = validateInput(placeOrderInputSchema, input, 'POST', '/v2/orders');
    const res = await this.#send({
      method: 'POST',
      path: '/v2/orders',
      body: placeOrderBody(order),
      auth: true,
    });
    return parseResult(orderSchema, res.result, 'POST', '/v2/orders');
  }

  async cancelOrder(input: CancelOrderInput): Promise<Order> {
    const cancel = validateInput(cancelOrderInputSchema, input, 'DELETE', '/v2/orders');
    const res = await this.#send({
      method: 'DELETE',
      path: '/v2/orders',
      body: cancelOrderBody(cancel),
      auth: true,
    });
    return parseResult(orderSchema, res.result, 'DELETE', '/v2/orders');
  }

  async getOrder(id: string): Promise<Order> {
    return this.#get(`/v2/orders/${encodeURIComponent(id)}`, orderSchema, true);
  }

  /**
   * The lookup after an unknown outcome. Resolves `null` only on an authoritative not-found
   * (a Delta error answer); any other failure throws, so the caller never resends on doubt.
   */
  async getOrderByClientOrderId(clientOrderId: string): Promise<Order | null> {
    const path = `/v2/orders/client_order_id/${encodeURIComponent(clientOrderId)}`;
    try {
      const res = await this.#send({ method: 'GET', path, auth: true });
      if (res.result === null) return null;
      return parseResult(orderSchema, res.result, 'GET', path);
    } catch (err) {
      if (isAuthoritativeNotFound(err)) return null;
      throw err;
    }
  }

  async getOpenOrders(options: { productIds?: readonly number[] } = {}): Promise<Order[]> {
    return this.#collect(
      '/v2/orders',
      { product_ids: options.productIds, states: 'open,pending' },
      orderSchema,
      true,
    );
  }

  /** One page of closed and cancelled orders, newest first; pass the returned `after` back for the next. */
  async getOrderHistory(query: OrderHistoryQuery = {}): Promise<OrderHistoryPage> {
    const path = '/v2/orders/history';
    const params = { product_ids: query.productIds, page_size: query.pageSize, after: query.after };
    const res = await this.#send({ method: 'GET', path, query: params, auth: true });
    return { orders: parseResult(z.array(orderSchema), res.result, 'GET', path), after: res.after };
  }

  /** One page of fills; pass the returned `after` back to read the next one. */
  async getFills(query: FillsQuery = {}): Promise<FillsPage> {
    const res = await this.#send({ method: 'GET', path: '/v2/fills', query: fillsQuery(query), auth: true });
    const fills = parseResult(z.array(fillSchema), res.result, 'GET', '/v2/fills');
    return { fills, after: res.after };
  }

  /**
   * Pages through fills from `query` until Delta returns no further cursor (empty pages are
   * skipped). A cursor that comes back, or more than `maxPages` pages, throws `pagination_incomplete`
   * rather than ending early: a caller never takes part of the history for all of it.
   */
  async *fillsSince(
    query: FillsQuery = {},
    options: { maxPages?: number | undefined } = {},
  ): AsyncGenerator<FillsPage, void, undefined> {
    const pages = followCursors((after) => this.getFills({ ...query, after }), {
      path: '/v2/fills',
      after: query.after,
      maxPages: options.maxPages,
    });
    for await (const page of pages) if (page.fills.length > 0) yield page;
  }

  async getPositions(query: PositionQuery): Promise<Position> {
    const params =
      query.productId !== undefined
        ? { product_id: query.productId }
        : { product_symbol: query.productSymbol };
    const res = await this.#send({ method: 'GET', path: '/v2/positions', query: params, auth: true });
    const position = parseResult(positionSchema, res.result, 'GET', '/v2/positions');
    return {
      ...position,
      productId: position.productId ?? query.productId,
      productSymbol: position.productSymbol ?? query.productSymbol,
    };
  }

  async getMarginedPositions(): Promise<Position[]> {
    return this.#get('/v2/positions/margined', z.array(positionSchema), true);
  }

  async getBalances(): Promise<Balance[]> {
    return this.#get('/v2/wallet/balances', z.array(balanceSchema), true);
  }

  /** Releases the shared connection pool and clock (stopped with their last client), or stops its own clock. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownClock) this.#clockSync.stop();
    await this.#lease.release();
  }

  #send(req: DeltaRequest) {
    return this.#transport.send(req);
  }

  async #get<S extends z.ZodType>(path: string, schema: S, auth: boolean): Promise<z.output<S>> {
    const method: HttpMethod = 'GET';
    const res = await this.#send({ method, path, auth });
    return parseResult(schema, res.result, method, path);
  }

  async #collect<S extends z.ZodType>(
    path: string,
    query: Record<string, QueryValue>,
    item: S,
    auth: boolean,
  ): Promise<z.output<S>[]> {
    const items: z.output<S>[] = [];
    const pages = followCursors(
      (after) => this.#send({ method: 'GET', path, query: { ...query, page_size: 100, after }, auth }),
      { path },
    );
    for await (const res of pages) items.push(...parseResult(z.array(item), res.result, 'GET', path));
    return items;
  }
}

export function createDeltaClient(options: DeltaClientOptions): DeltaRestClient {
  return new DeltaRestClient(options);
}

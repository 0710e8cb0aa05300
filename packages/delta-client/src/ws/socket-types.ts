import type { DeltaError } from '../errors/delta-error.ts';
import type { Ticker } from '../schemas/ticker.ts';
import type { DeltaLogger } from '../types/logger.ts';
import type { MarkPrice, OrderEvent, PositionEvent, UserTrade, WalletUpdate } from './ws-messages.ts';

/** Delta's private channels this client reads. */
export type PrivateChannel = 'v2/user_trades' | 'orders' | 'positions' | 'margins';

export interface DeltaSocketOptions {
  /** e.g. `wss://socket.india.delta.exchange` */
  wsUrl: string;
  /** With both, the socket authenticates and subscribes to the private channels. */
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
  /**
   * Private channels subscribed once authenticated (`margins` takes no symbols).
   * @defaultValue ['v2/user_trades', 'orders', 'positions']
   */
  privateChannels?: readonly PrivateChannel[] | undefined;
  /** Symbols for `v2/user_trades`, `orders`, `positions`. @defaultValue ['all'] */
  privateSymbols?: readonly string[] | undefined;
  /** Symbols for `mark_price` (plain product symbols; Delta's `MARK:` prefix is added). @defaultValue [] */
  markPriceSymbols?: readonly string[] | undefined;
  /** Symbols for `v2/ticker`. @defaultValue [] */
  tickerSymbols?: readonly string[] | undefined;
  /** Reconnect when nothing (not even a heartbeat) arrives for this long. @defaultValue 35000 */
  heartbeatTimeoutMs?: number | undefined;
  /** Give up on a connection whose handshake, auth or subscribe answer takes longer. @defaultValue 10000 */
  setupTimeoutMs?: number | undefined;
  /** @defaultValue 500 */
  reconnectInitialDelayMs?: number | undefined;
  /** @defaultValue 30000 */
  reconnectMaxDelayMs?: number | undefined;
  /** Server time in epoch ms for the auth timestamp, e.g. `() => restClient.serverNow()`. @defaultValue Date.now */
  serverNow?: (() => number) | undefined;
  userAgent?: string | undefined;
  logger?: DeltaLogger | undefined;
}

export interface InvalidMessage {
  type: string | undefined;
  issues: string;
}

export interface DisconnectInfo {
  code: number;
  reason: string;
}

/** Event name → listener arguments. */
export interface DeltaSocketEvents {
  userTrade: [UserTrade];
  order: [OrderEvent];
  position: [PositionEvent];
  markPrice: [MarkPrice];
  ticker: [Ticker];
  /** `margins`: one asset of the wallet after a change. */
  wallet: [WalletUpdate];
  /** Authenticated (when keyed) and subscriptions confirmed; fires on every (re)connection. */
  connected: [];
  /** A later connection is ready: messages may have been missed, so gap-fill over REST now. */
  reconnected: [];
  disconnected: [DisconnectInfo];
  /** The exchange answered a subscribe (whatever it refused is reported as `error`). */
  subscriptions: [];
  /** An inbound frame that failed validation; it is dropped, never thrown. */
  invalidMessage: [InvalidMessage];
  error: [DeltaError | Error];
}

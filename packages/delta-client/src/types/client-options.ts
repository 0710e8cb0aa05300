import type { DeltaLogger } from './logger.ts';

export interface DeltaClientOptions {
  /** REST base URL, e.g. `https://api.india.delta.exchange` (no `/v2`). */
  baseUrl: string;
  /** Needed for private endpoints; public ones (products, tickers, time) work without. */
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
  /**
   * Keep-alive connections to the origin, shared by every client of that origin asking for the same
   * number: a request that finds them all busy waits, signed, for one. @defaultValue 64
   */
  connections?: number | undefined;
  /** Per-request timeout covering connect, headers and body. @defaultValue 5000 */
  timeoutMs?: number | undefined;
  /** Delta may refuse requests without one. @defaultValue 'copytrade-delta-client/0.1' */
  userAgent?: string | undefined;
  logger?: DeltaLogger | undefined;
  /** Local clock in epoch ms (tests). @defaultValue Date.now */
  clock?: (() => number) | undefined;
  /** How long Delta accepts a signature; a clock sync slower than half of it is logged. @defaultValue 5000 */
  recvWindow?: number | undefined;
  /** How often the server clock offset is refreshed; 0 turns the timer off. @defaultValue 60000 */
  clockSyncIntervalMs?: number | undefined;
}

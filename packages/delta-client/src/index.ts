export { DeltaError, type DeltaErrorInit, type DeltaErrorKind, isDeltaError } from './errors/delta-error.ts';
export { classifyResponse, responseKind } from './errors/classify-response.ts';
export { classifyTransport } from './errors/classify-transport.ts';
export { hmacHex, prehash, RequestSigner } from './signing/sign.ts';
export {
  createDeltaClient,
  DeltaRestClient,
  type OrderHistoryPage,
  type OrderHistoryQuery,
  type PositionQuery,
} from './rest/delta-rest-client.ts';
export type { FillsPage, FillsQuery } from './rest/fills-query.ts';
export { clientOrderIdSchema, type CancelOrderInput, type PlaceOrderInput } from './rest/order-input.ts';
export { type RateLimitState, requestWeight } from './rest/rate-limit.ts';
export { poolRefs } from './rest/pool-registry.ts';
export type { DeltaClientOptions } from './types/client-options.ts';
export { type DeltaLogger, silentLogger } from './types/logger.ts';
export { type Balance, balanceSchema } from './schemas/balance.ts';
export { type Fill, fillSchema } from './schemas/fill.ts';
export { type Order, orderSchema, type OrderType, type TimeInForce } from './schemas/order.ts';
export { type Position, positionSchema } from './schemas/position.ts';
export { type Product, productSchema } from './schemas/product.ts';
export { type Ticker, tickerSchema } from './schemas/ticker.ts';
export { type Side, decimalSchema, contractsSchema, microsSchema } from './schemas/common.ts';
export { DeltaSocket } from './ws/delta-socket.ts';
export type {
  DeltaSocketEvents,
  DeltaSocketOptions,
  DisconnectInfo,
  InvalidMessage,
  PrivateChannel,
} from './ws/socket-types.ts';
export type { MarkPrice, OrderEvent, PositionEvent, UserTrade, WalletUpdate } from './ws/ws-messages.ts';
export { backoffDelay } from './ws/backoff.ts';

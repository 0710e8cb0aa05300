import type { Decimal } from 'decimal.js';
import type { ProductConfig } from '../domain/products.ts';

export type Side = 'buy' | 'sell';
export type OrderType = 'limit_order' | 'market_order';
export type OrderState = 'open' | 'pending' | 'closed' | 'cancelled';
export type TimeInForce = 'gtc' | 'ioc';
export type Permission = 'read' | 'trading';

export interface Product {
  config: ProductConfig;
  id: number;
  symbol: string;
  contractValue: Decimal;
  tickSize: Decimal;
  takerRate: Decimal;
  makerRate: Decimal;
  /** `config.defaultLeverage` as a Decimal, made once. */
  defaultLeverage: Decimal;
  mark: Decimal;
  /** Open orders resting on this product, in time priority. */
  book: Set<Order>;
}

export interface ApiKey {
  key: string;
  secret: string;
  userId: number;
  permissions: Set<Permission>;
  /** Undefined: any caller IP is accepted. */
  ipWhitelist: string[] | undefined;
}

export interface Position {
  productId: number;
  size: number;
  entryPrice: Decimal | null;
  realizedPnl: Decimal;
  createdAt: string;
  updatedAt: string;
}

export interface Order {
  id: number;
  userId: number;
  productId: number;
  symbol: string;
  side: Side;
  orderType: OrderType;
  size: number;
  unfilled: number;
  limitPrice: Decimal | null;
  reduceOnly: boolean;
  postOnly: boolean;
  timeInForce: TimeInForce;
  clientOrderId: string | null;
  state: OrderState;
  createdAt: string;
  updatedAt: string;
  paidCommission: Decimal;
  filledNotional: Decimal;
  cancellationReason: string | null;
}

export interface Fill {
  id: number;
  userId: number;
  orderId: number;
  productId: number;
  symbol: string;
  side: Side;
  size: number;
  price: Decimal;
  role: 'taker' | 'maker';
  commission: Decimal;
  createdAtUs: number;
  orderSize: number;
  orderType: OrderType;
  orderPrice: string | null;
  orderUnfilled: number;
  clientOrderId: string | null;
  positionAfter: number;
  seq: number;
  rate: Decimal;
  /** When REST `GET /v2/fills` starts listing it (`performance.now()` ms, not the shiftable sim clock). */
  restVisibleAtMs: number;
}

export interface Account {
  userId: number;
  label: string;
  balances: Map<string, Decimal>;
  leverage: Map<number, Decimal>;
  positions: Map<number, Position>;
  orders: Map<number, Order>;
  /** Open orders by client order id (duplicates among open orders are refused). */
  openByClientId: Map<string, Order>;
  /** Latest order per client order id, any state. */
  byClientId: Map<string, Order>;
  fills: Fill[];
  seq: Map<string, number>;
  createdAt: string;
}

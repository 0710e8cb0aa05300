import type { Account, Fill, Order, Position, Product } from './types.ts';

export type OrderAction = 'create' | 'update' | 'delete';
export type PositionAction = 'create' | 'update' | 'delete';

/** What the engine tells the WebSocket hub, synchronously, as state changes. */
export interface EngineListener {
  onFill(account: Account, fill: Fill, order: Order): void;
  onOrder(account: Account, order: Order, action: OrderAction, reason: string | null): void;
  onPosition(account: Account, product: Product, position: Position, action: PositionAction): void;
  onMark(product: Product): void;
  /** A wallet changed outside an order's own events (funds moved, leverage changed). */
  onWallet?(account: Account, asset: string): void;
}
